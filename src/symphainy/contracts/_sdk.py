"""Wire models of the Experience SDK surface that the runtime contracts do not already cover."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from symphainy.contracts._models import (
    ExecutionView,
    PendingStatus,
    SessionView,
    Wire,
    WireRequest,
)
from symphainy.contracts._priority import DEFAULT_PRIORITY, Priority
from symphainy.contracts._storable import Identifier, VersionNumber

__all__ = [
    "PENDING_EVENT",
    "ExecutionQuery",
    "IntentQuery",
    "JourneyRequest",
    "PendingStreamQuery",
    "SessionState",
    "StagedUpload",
    "StateQuery",
    "StateSnapshot",
]


class StateSnapshot(Wire):
    """`query_state`: a session, its state, and optionally one execution with its artifacts."""

    session: SessionView
    state: dict[str, Any]
    execution: ExecutionView | None = None


SessionState = StateSnapshot
"""The former name of `StateSnapshot` (the Runtime API's answer before both services shared one)."""


class JourneyRequest(WireRequest):
    """Start a journey (a saga of intents) in a session."""

    journey_id: str = Field(min_length=1, max_length=128)
    parameters: dict[str, Any] = Field(default_factory=dict)
    session_id: Identifier = Field(max_length=64)
    idempotency_key: str | None = Field(default=None, max_length=256)
    journey_version: VersionNumber | None = None
    """Run this registered version of the journey (default: the newest)."""
    priority: Priority = DEFAULT_PRIORITY
    """The journey's priority; its steps run at it too."""


class StagedUpload(Wire):
    """Bytes streamed into the caller's blob area, ready for `ingest_file(upload_uri=…)`."""

    upload_uri: str
    size: int
    sha256: str
    filename: str | None = None


class StateQuery(WireRequest):
    """`query_state`'s query string: optionally one execution to include, with its artifacts."""

    execution_id: Identifier | None = Field(default=None, max_length=128)


class ExecutionQuery(WireRequest):
    """`get_execution`'s query string: its artifacts too, and an optional long-poll."""

    include_artifacts: bool = False
    wait: float | None = Field(
        default=None, ge=0, le=300, description="Seconds to wait for a terminal state"
    )


PENDING_EVENT = "pending"
"""The SSE event name of a `watch_pending` frame; its data is a `PendingIntentPage`."""


class PendingStreamQuery(WireRequest):
    """`watch_pending`'s query string: which of the tenant's pending intents to watch."""

    intent_type: str | None = Field(
        default=None, max_length=128, description="Only intents of this type (default: any)"
    )
    status: PendingStatus = Field(default="pending", description="Only intents in this status")


class IntentQuery(WireRequest):
    """`get_intent`'s query string: one registered version instead of the newest."""

    version: int | None = Field(default=None, ge=1, le=2**31 - 1)
