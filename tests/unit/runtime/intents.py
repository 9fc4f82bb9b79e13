"""Intents used by the runtime tests (real handlers doing small real work)."""

from __future__ import annotations

import asyncio
import threading

from pydantic import BaseModel

from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext, IntentRegistry, RetryPolicy


class AddOne(BaseModel):
    x: int


class Value(BaseModel):
    value: int


class Flaky(BaseModel):
    fail_times: int


class Sleep(BaseModel):
    seconds: float


class Empty(BaseModel):
    pass


class Gate(BaseModel):
    name: str


GATES: dict[str, asyncio.Event] = {}
"""Events the `gated` intent waits on, by name: a test opens its gate when it has looked."""


class Lineage(BaseModel):
    parent: str
    child: str


def build_registry() -> IntentRegistry:
    reg = IntentRegistry()

    @reg.intent("add_one", params=AddOne, result=Value, realm="test", anonymous_ok=True)
    async def add_one(ctx: ExecutionContext, p: AddOne) -> Value:
        return Value(value=p.x + 1)

    @reg.intent(
        "flaky",
        params=Flaky,
        result=Value,
        realm="test",
        retry=RetryPolicy(max_attempts=3, backoff_seconds=0.01),
    )
    async def flaky(ctx: ExecutionContext, p: Flaky) -> Value:
        if ctx.attempt <= p.fail_times:
            raise RuntimeError(f"boom on attempt {ctx.attempt}")
        return Value(value=ctx.attempt)

    @reg.intent(
        "refuse",
        params=Empty,
        result=Value,
        realm="test",
        retry=RetryPolicy(max_attempts=3, backoff_seconds=0.01),
    )
    async def refuse(ctx: ExecutionContext, p: Empty) -> Value:
        raise InvalidRequest("this input can never work")

    # The timeout is the timeout test's; others sleep far less, with room for a loaded machine.
    @reg.intent("sleep", params=Sleep, result=Value, realm="test", timeout_seconds=2.0)
    async def sleep(ctx: ExecutionContext, p: Sleep) -> Value:
        await ctx.emit(message="sleeping", percent=0)
        await asyncio.sleep(p.seconds)
        return Value(value=1)

    @reg.intent("gated", params=Gate, result=Value, realm="test")
    async def gated(ctx: ExecutionContext, p: Gate) -> Value:
        await GATES[p.name].wait()
        return Value(value=1)

    @reg.intent("sync_state", params=AddOne, result=Value, realm="test")
    def sync_state(ctx: ExecutionContext, p: AddOne) -> Value:
        assert threading.current_thread() is not threading.main_thread()
        ctx.call(ctx.state.execution.set("x", p.x))
        stored = ctx.call(ctx.state.execution.get("x"))
        assert isinstance(stored, int)
        return Value(value=stored * 10)

    @reg.intent("progress", params=AddOne, result=Value, realm="test")
    async def progress(ctx: ExecutionContext, p: AddOne) -> Value:
        for i in range(p.x):
            await ctx.emit(percent=int(100 * (i + 1) / p.x), step=i)
        return Value(value=p.x)

    @reg.intent("bad_result", params=Empty, result=Value, realm="test")
    async def bad_result(ctx: ExecutionContext, p: Empty) -> dict[str, str]:
        return {"value": "not a number"}

    @reg.intent(
        "make_lineage",
        params=Lineage,
        result=Value,
        realm="test",
        produces=("file", "parsed_content"),
    )
    async def make_lineage(ctx: ExecutionContext, p: Lineage) -> Value:
        mat = await ctx.artifacts.store_bytes(p.parent.encode(), "text")
        parent = await ctx.artifacts.register(
            "file", materializations=[mat], descriptor={"name": p.parent}
        )
        await ctx.artifacts.transition(parent.artifact_id, "READY")
        child = await ctx.artifacts.register(
            "parsed_content",
            parents=[parent.artifact_id],
            descriptor={"name": p.child},
            lifecycle_state="READY",
        )
        await ctx.state.session.set("last_child", child.artifact_id)
        return Value(value=2)

    @reg.intent("approval", params=Empty, result=Value, realm="test")
    async def approval(ctx: ExecutionContext, p: Empty) -> Value:
        if not await ctx.state.execution.get("approved", False):
            ctx.suspend(waiting_for="approval")
        return Value(value=ctx.attempt)

    return reg


def register_test_intents(registry: IntentRegistry) -> None:
    """A capability (register function) carrying every test intent above."""
    source = build_registry()
    for spec in source:
        registry.register(spec, source.get(spec.intent_type).handler)
