"""The Runtime API's route table: one source for the server's routes and the client's calls."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from symphainy.contracts._journeys import JourneyView
from symphainy.contracts._models import (
    ArtifactPage,
    ArtifactView,
    ExecutionPage,
    ExecutionView,
    Health,
    IntentContract,
    Lineage,
    PendingIntentPage,
    PendingIntentView,
    Readiness,
    RealmView,
    SessionState,
    SessionView,
    SubmitIntentResponse,
    WalCheckpointView,
    WalPage,
    WalVerification,
)
from symphainy.contracts._sdk import StagedUpload


@dataclass(frozen=True, slots=True)
class ApiRoute:
    """One Runtime API operation; the server mounts it and RuntimeClient calls it."""

    method: Literal["GET", "POST", "PATCH"]
    path: str
    response: Any
    """The response body's type (`None` for byte and event streams)."""


RUNTIME_ROUTES: Mapping[str, ApiRoute] = MappingProxyType(
    {
        "health": ApiRoute("GET", "/health", Health),
        "ready": ApiRoute("GET", "/ready", Readiness),
        "create_session": ApiRoute("POST", "/api/session/create", SessionView),
        "get_session": ApiRoute("GET", "/api/session/{session_id}", SessionView),
        "get_session_state": ApiRoute("GET", "/api/session/{session_id}/state", SessionState),
        "upgrade_session": ApiRoute("PATCH", "/api/session/{session_id}/upgrade", SessionView),
        "submit_intent": ApiRoute("POST", "/api/intent/submit", SubmitIntentResponse),
        "list_intents": ApiRoute("GET", "/api/intents", list[IntentContract]),
        "list_realms": ApiRoute("GET", "/api/realms", list[RealmView]),
        "list_journeys": ApiRoute("GET", "/api/journeys", list[JourneyView]),
        "list_pending_intents": ApiRoute("POST", "/api/intent/pending/list", PendingIntentPage),
        "create_pending_intent": ApiRoute("POST", "/api/intent/pending/create", PendingIntentView),
        "get_pending_intent": ApiRoute("GET", "/api/intent/pending/{intent_id}", PendingIntentView),
        "decide_pending_intent": ApiRoute(
            "POST", "/api/intent/pending/{intent_id}/decide", PendingIntentView
        ),
        "list_executions": ApiRoute("POST", "/api/execution/list", ExecutionPage),
        "get_execution": ApiRoute("GET", "/api/execution/{execution_id}/status", ExecutionView),
        "cancel_execution": ApiRoute("POST", "/api/execution/{execution_id}/cancel", ExecutionView),
        "stream_events": ApiRoute("GET", "/api/execution/{execution_id}/stream", None),
        "get_artifact": ApiRoute("GET", "/api/artifacts/{artifact_id}", ArtifactView),
        "get_artifact_content": ApiRoute("GET", "/api/artifacts/{artifact_id}/content", None),
        "get_artifact_lineage": ApiRoute("GET", "/api/artifacts/{artifact_id}/lineage", Lineage),
        "resolve_artifact": ApiRoute("POST", "/api/artifact/resolve", ArtifactView),
        "list_artifacts": ApiRoute("POST", "/api/artifact/list", ArtifactPage),
        "list_wal": ApiRoute("GET", "/api/wal", WalPage),
        "verify_wal": ApiRoute("POST", "/api/wal/verify", WalVerification),
        "checkpoint_wal": ApiRoute("POST", "/api/wal/checkpoint", WalCheckpointView),
        "stage_upload": ApiRoute("POST", "/api/uploads", StagedUpload),
    }
)
"""Every Runtime API operation by operation id: the single source of paths for both sides."""
