"""Wire models of the Experience SDK surface that the runtime contracts do not already cover."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from symphainy.contracts._models import ExecutionView, SessionView, Wire, WireRequest
from symphainy.contracts._storable import Identifier


class StateSnapshot(Wire):
    """`query_state`: a session, its state, and optionally one execution with its artifacts."""

    session: SessionView
    state: dict[str, Any]
    execution: ExecutionView | None = None


class JourneyRequest(WireRequest):
    """Start a journey (a saga of intents) in a session."""

    journey_id: str = Field(min_length=1, max_length=128)
    parameters: dict[str, Any] = Field(default_factory=dict)
    session_id: Identifier = Field(max_length=64)
    idempotency_key: str | None = Field(default=None, max_length=256)


class StagedUpload(Wire):
    """Bytes streamed into the caller's blob area, ready for `ingest_file(upload_uri=…)`."""

    upload_uri: str
    size: int
    sha256: str
    filename: str | None = None
