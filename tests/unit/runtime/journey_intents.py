"""Test intents and journeys for the journey engine tests (real handlers, small real work)."""

from __future__ import annotations

import asyncio

from pydantic import BaseModel

from symphainy.errors import InvalidRequest
from symphainy.runtime import (
    Compensation,
    ExecutionContext,
    IntentRegistry,
    Journey,
    RetryPolicy,
    Step,
    register_journey_engine,
)
from symphainy.store import open_store
from tests.unit.runtime.intents import register_test_intents


class Values(BaseModel):
    values: list[int]


class Label(BaseModel):
    label: str


class Total(BaseModel):
    value: int


class Undone(BaseModel):
    undone: str


class Nap(BaseModel):
    seconds: float


class Start(BaseModel):
    x: int


def journey_registry() -> IntentRegistry:
    """The test intents, the journey engine, and the journeys below."""
    reg = IntentRegistry()
    register_journey_engine(reg)
    register_test_intents(reg)
    register_journey_test_intents(reg)
    reg.check()
    return reg


def register_journey_test_intents(reg: IntentRegistry) -> None:
    """The intents the test journeys use beyond `register_test_intents`, and the journeys."""

    @reg.intent("total", params=Values, result=Total, realm="test")
    async def total(ctx: ExecutionContext, p: Values) -> Total:
        return Total(value=sum(p.values))

    @reg.intent("nap", params=Nap, result=Total, realm="test", timeout_seconds=60)
    async def nap(ctx: ExecutionContext, p: Nap) -> Total:
        await asyncio.sleep(p.seconds)  # long enough to be cancelled on a loaded machine
        return Total(value=0)

    @reg.intent("cancelled_elsewhere", params=Nap, result=Total, realm="test")
    async def cancelled_elsewhere(ctx: ExecutionContext, p: Nap) -> Total:
        # Another process cancels this run through the store; this worker has not heard yet.
        async with open_store(ctx.settings.database_url, migrate=False) as other:
            await other.cancel(ctx.tenant_id, ctx.execution_id)
        await ctx.children.submit("nap", {"seconds": p.seconds}, key="late")
        return Total(value=1)

    @reg.intent("undo", params=Label, result=Undone, realm="test")
    async def undo(ctx: ExecutionContext, p: Label) -> Undone:
        return Undone(undone=p.label)

    @reg.intent(
        "always_fails",
        params=Label,
        result=Undone,
        realm="test",
        retry=RetryPolicy(max_attempts=2, backoff_seconds=0.01),
    )
    async def always_fails(ctx: ExecutionContext, p: Label) -> Undone:
        raise InvalidRequest(f"{p.label} cannot be done")

    for journey in JOURNEYS:
        reg.register_journey(journey)


def _undo(label: str) -> Compensation:
    return Compensation("undo", {"label": label})


JOURNEYS = (
    Journey(
        "chain",
        "x → x+1 → x+2 → x+3, in sequence.",
        (
            Step("a", "add_one", {"x": "$input.x"}),
            Step("b", "add_one", {"x": "$steps.a.result.value"}, after=("a",)),
            Step("c", "add_one", {"x": "$steps.b.result.value"}, after=("b",)),
        ),
        input_model=Start,
    ),
    Journey(
        "diamond",
        "a, then b and c in parallel, then d sums all three.",
        (
            Step("a", "add_one", {"x": "$input.x"}),
            Step("b", "sleep", {"seconds": 0.1}, after=("a",)),
            Step("c", "sleep", {"seconds": 0.1}, after=("a",)),
            Step(
                "d",
                "total",
                {
                    "values": [
                        "$steps.a.result.value",
                        "$steps.b.result.value",
                        "$steps.c.result.value",
                        100,
                    ]
                },
                after=("b", "c"),
            ),
        ),
        input_model=Start,
    ),
    Journey(
        "doomed",
        "Two compensable steps, then a step that always fails.",
        (
            Step("first", "add_one", {"x": 1}, compensate=_undo("first")),
            Step("second", "add_one", {"x": 2}, after=("first",), compensate=_undo("second")),
            Step("third", "always_fails", {"label": "third"}, after=("second",)),
        ),
    ),
    Journey(
        "badly_undone",
        "The compensation's parameters do not fit its intent (label must be a string).",
        (
            Step("first", "add_one", {"x": 1}, compensate=Compensation("undo", {"label": 5})),
            Step("second", "always_fails", {"label": "second"}, after=("first",)),
        ),
    ),
    Journey(
        "approved",
        "Do a step, wait for a person, then do another.",
        (
            Step("before", "add_one", {"x": 1}, compensate=_undo("before")),
            Step(
                "review",
                "request_approval",
                {"title": "Go on?", "details": {"value": "$steps.before.result.value"}},
                after=("before",),
            ),
            Step("after", "add_one", {"x": "$steps.before.result.value"}, after=("review",)),
        ),
    ),
    Journey(
        "miswired",
        "The second step reads a field the first does not produce.",
        (
            Step("a", "add_one", {"x": 1}, compensate=_undo("a")),
            Step("b", "add_one", {"x": "$steps.a.result.missing"}, after=("a",)),
        ),
    ),
    Journey(
        "slow",
        "One long step (for cancellation).",
        (Step("nap", "nap", {"seconds": 30}),),
    ),
)
