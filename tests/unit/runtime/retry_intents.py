"""Counted intents, versioned intents and journeys for the retry and version tests.

Every handler counts its calls per label, so a test can tell a step that ran again from one
whose result was reused. `flaky` fails while its switch is on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, SecretStr

from symphainy.errors import InvalidRequest
from symphainy.runtime import (
    Compensation,
    ExecutionContext,
    IntentRegistry,
    IntentSpec,
    Journey,
    Step,
    register_journey_engine,
)


class Counted(BaseModel):
    label: str
    x: int = 0


class Value(BaseModel):
    value: int


class Versioned(BaseModel):
    x: int


class WithSecret(BaseModel):
    token: SecretStr


@dataclass
class Calls:
    """Handler calls per label, and whether `flaky` fails now."""

    count: Counter[str] = field(default_factory=Counter)
    failing: bool = True


def retry_registry(calls: Calls, versions: tuple[int, ...] = (1, 2)) -> IntentRegistry:
    """The journey engine, the counted intents, `versioned` at `versions`, and the journeys."""
    reg = IntentRegistry()
    register_journey_engine(reg)

    @reg.intent("counted", params=Counted, result=Value, realm="test")
    async def counted(ctx: ExecutionContext, p: Counted) -> Value:
        calls.count[p.label] += 1
        return Value(value=p.x + 1)

    @reg.intent("flaky", params=Counted, result=Value, realm="test")
    async def flaky(ctx: ExecutionContext, p: Counted) -> Value:
        calls.count[p.label] += 1
        if calls.failing:
            raise InvalidRequest(f"{p.label} fails while the switch is on")
        return Value(value=p.x + 1)

    @reg.intent("secretive", params=WithSecret, result=Value, realm="test")
    async def secretive(ctx: ExecutionContext, p: WithSecret) -> Value:
        raise InvalidRequest("always fails")

    for version in versions:
        reg.register(
            IntentSpec("versioned", Versioned, Value, "test", version=version), _times(version)
        )
    for journey in JOURNEYS:
        reg.register_journey(journey)
    reg.check()
    return reg


def _times(version: int) -> Any:
    async def handler(ctx: ExecutionContext, p: Versioned) -> Value:
        return Value(value=p.x * 10 + version)

    return handler


JOURNEYS = (
    Journey(
        "resumable",
        "a → b → c (flaky) → d; a side step s after a.",
        (
            Step("a", "counted", {"label": "a", "x": "$input.x"}),
            Step("b", "counted", {"label": "b", "x": "$steps.a.result.value"}, after=("a",)),
            Step("s", "counted", {"label": "s"}, after=("a",)),
            Step("c", "flaky", {"label": "c", "x": "$steps.b.result.value"}, after=("b",)),
            Step("d", "counted", {"label": "d", "x": "$steps.c.result.value"}, after=("c", "s")),
        ),
    ),
    Journey(
        "undone",
        "a (compensated) → c (flaky): a is undone when c fails, so a retry runs it again.",
        (
            Step(
                "a",
                "counted",
                {"label": "a"},
                compensate=Compensation("counted", {"label": "undo_a"}),
            ),
            Step("c", "flaky", {"label": "c"}, after=("a",)),
        ),
    ),
    Journey("grown", "Version 1: one step.", (Step("one", "counted", {"label": "one"}),)),
    Journey(
        "grown",
        "Version 2: two steps.",
        (
            Step("one", "counted", {"label": "one"}),
            Step("two", "counted", {"label": "two"}, after=("one",)),
        ),
        version=2,
    ),
)
