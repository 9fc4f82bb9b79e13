"""Wire models of journeys and approval decisions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from symphainy.contracts._models import Wire, WireRequest

JOURNEY_INTENT = "compose_journey"
"""The intent that runs a declared journey (the console's journeys.js keeps a copy)."""


class JourneyStepView(Wire):
    """One step of a registered journey."""

    name: str
    intent_type: str
    after: list[str]
    params: dict[str, Any]
    compensate: dict[str, Any] | None
    description: str
    signal: str | None = None
    """Set on a signal step: the signal it waits for (its payload is the step's result)."""
    timeout_seconds: float | None = None


class JourneyView(Wire):
    """A registered journey: its steps (a DAG) and the input it takes."""

    journey_id: str
    description: str
    realm: str
    input_schema: dict[str, Any] | None
    steps: list[JourneyStepView]
    version: int = 1
    """This definition's version (a running journey keeps the version it began on)."""
    versions: list[int] = Field(default_factory=lambda: [1])
    """Every registered version of this journey, oldest first."""


class DecidePendingRequest(WireRequest):
    """A person's answer to an approval request (a pending `approval` intent)."""

    decision: Literal["approve", "reject"]
    comment: str | None = Field(default=None, max_length=2000)
