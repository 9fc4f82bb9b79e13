"""Test intents and journeys that wait for signals (real handlers on the real runtime)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from symphainy.errors import SignalTimeout
from symphainy.runtime import (
    ExecutionContext,
    IntentRegistry,
    Journey,
    Step,
    register_journey_engine,
)


class WaitFor(BaseModel):
    name: str = "go"
    count: int = 1
    timeout: float | None = None
    catch_timeout: bool = True
    drain: str | None = None
    """After the waits, also drain every pending signal of this name."""


class Got(BaseModel):
    payloads: list[Any]
    drained: list[Any] = []
    timed_out: bool = False
    runs: int


class Number(BaseModel):
    value: int


GATED = Journey(
    "gated",
    "A step, then a signal step, then a step using the signal's payload.",
    (
        Step("first", "times_two", {"value": "$input.value"}),
        Step.waiting_for("gate", "proceed", after=("first",)),
        Step("second", "times_two", {"value": "$steps.gate.result.value"}, after=("gate",)),
    ),
)
HURRIED = Journey(
    "hurried",
    "A signal step that gives up quickly.",
    (Step.waiting_for("gate", "proceed", timeout_seconds=0.3),),
)


def signal_registry() -> IntentRegistry:
    """The journey engine, the signal test intents and journeys."""
    reg = IntentRegistry()
    register_journey_engine(reg)
    register_signal_test_intents(reg)
    reg.check()
    return reg


def register_signal_test_intents(reg: IntentRegistry) -> None:
    """`await_signals`, `times_two` and the journeys above."""

    @reg.intent("await_signals", params=WaitFor, result=Got, realm="test")
    async def await_signals(ctx: ExecutionContext, p: WaitFor) -> Got:
        # Counts runs in execution state: each park and resume runs the handler again.
        runs = int(await ctx.state.execution.get("runs") or 0) + 1
        await ctx.state.execution.set("runs", runs)
        got: list[Any] = []
        for _ in range(p.count):
            try:
                got.append((await ctx.signals.wait(p.name, timeout=p.timeout)).payload)
            except SignalTimeout:
                if not p.catch_timeout:
                    raise
                return Got(payloads=got, timed_out=True, runs=runs)
        drained = [s.payload for s in await ctx.signals.drain(p.drain)] if p.drain else []
        return Got(payloads=got, drained=drained, runs=runs)

    @reg.intent("times_two", params=Number, result=Number, realm="test")
    async def times_two(ctx: ExecutionContext, p: Number) -> Number:
        return Number(value=p.value * 2)

    reg.register_journey(GATED)
    reg.register_journey(HURRIED)
