"""Every operation of both services, declared once: the servers mount it, the clients call it.

An operation served by `both` has the same method, path, request and answer on the Runtime
API (service-token callers) and on the Experience service (user tokens); `experience` ones
(sign-in, anonymous sessions, multipart uploads, journeys by id, the Control Tower) exist on the
Experience service only, `runtime` ones (raw-body staging) on the Runtime API only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel

from symphainy.contracts._journeys import DecidePendingRequest, JourneyView
from symphainy.contracts._models import (
    ArtifactPage,
    ArtifactView,
    CreatePendingIntentRequest,
    CreateSessionRequest,
    ExecutionPage,
    ExecutionView,
    Health,
    IntentContract,
    Lineage,
    ListArtifactsRequest,
    ListExecutionsRequest,
    ListPendingIntentsRequest,
    PendingIntentPage,
    PendingIntentView,
    Readiness,
    RealmView,
    ResolveArtifactRequest,
    SessionState,
    SessionView,
    SubmitIntentRequest,
    SubmitIntentResponse,
    UpgradeSessionRequest,
    VerifyWalRequest,
    WalCheckpointView,
    WalPage,
    WalVerification,
)
from symphainy.contracts._sdk import StagedUpload, StateSnapshot


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: where it is served, what it takes and answers, and who may call it."""

    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str
    response: Any
    """The response body's type (`None` for byte and event streams and empty answers)."""
    request: type[BaseModel] | None = None
    """The JSON body's model (path ids and query parameters are the route's own)."""
    status: int = 200
    scope: Scope = "caller"
    served_by: Service = "both"


Scope = Literal["public", "caller", "user", "admin"]
"""Who may call, on the Experience service: anyone; any token, an anonymous session's too
(which may still invoke only `anonymous_ok` intents); a signed-in member; an admin. The Runtime
API trusts its service-token callers for the same operations (the runtime checks the rest)."""
Service = Literal["both", "experience", "runtime"]
ApiRoute = Operation
"""The former name of `Operation`."""

_OP = Operation
_X: Service = "experience"
_JSON = dict[str, Any]

OPERATIONS: Mapping[str, Operation] = MappingProxyType(
    {
        "health": _OP("GET", "/health", Health, scope="public"),
        "ready": _OP("GET", "/ready", Readiness, scope="public"),
        "create_session": _OP(
            "POST", "/api/session/create", SessionView, CreateSessionRequest, 201, "user"
        ),
        "get_session": _OP("GET", "/api/session/{session_id}", SessionView),
        # The two services still disagree here: SessionState here, StateSnapshot (with an optional
        # execution) on the Experience service's `query_state` below.
        "get_session_state": _OP(
            "GET", "/api/session/{session_id}/state", SessionState, served_by="runtime"
        ),
        "upgrade_session": _OP(
            "PATCH", "/api/session/{session_id}/upgrade", SessionView, UpgradeSessionRequest
        ),
        "submit_intent": _OP(
            "POST", "/api/intent/submit", SubmitIntentResponse, SubmitIntentRequest, 202
        ),
        "list_intents": _OP("GET", "/api/intents", list[IntentContract]),
        "list_realms": _OP("GET", "/api/realms", list[RealmView]),
        "list_journeys": _OP("GET", "/api/journeys", list[JourneyView]),
        "list_pending_intents": _OP(
            "POST", "/api/intent/pending/list", PendingIntentPage, ListPendingIntentsRequest
        ),
        "create_pending_intent": _OP(
            "POST",
            "/api/intent/pending/create",
            PendingIntentView,
            CreatePendingIntentRequest,
            201,
            "user",
        ),
        # Not yet on the Experience service: the ExperienceSDK protocol has no get_pending.
        "get_pending_intent": _OP(
            "GET", "/api/intent/pending/{intent_id}", PendingIntentView, served_by="runtime"
        ),
        "decide_pending_intent": _OP(
            "POST",
            "/api/intent/pending/{intent_id}/decide",
            PendingIntentView,
            DecidePendingRequest,
            scope="user",
        ),
        "list_executions": _OP("POST", "/api/execution/list", ExecutionPage, ListExecutionsRequest),
        "get_execution": _OP("GET", "/api/execution/{execution_id}/status", ExecutionView),
        "cancel_execution": _OP("POST", "/api/execution/{execution_id}/cancel", ExecutionView),
        "stream_events": _OP("GET", "/api/execution/{execution_id}/stream", None),
        "get_artifact": _OP("GET", "/api/artifacts/{artifact_id}", ArtifactView),
        "get_artifact_content": _OP("GET", "/api/artifacts/{artifact_id}/content", None),
        "get_artifact_lineage": _OP("GET", "/api/artifacts/{artifact_id}/lineage", Lineage),
        "resolve_artifact": _OP(
            "POST", "/api/artifact/resolve", ArtifactView, ResolveArtifactRequest
        ),
        "list_artifacts": _OP("POST", "/api/artifact/list", ArtifactPage, ListArtifactsRequest),
        "list_wal": _OP("GET", "/api/wal", WalPage),
        "verify_wal": _OP("POST", "/api/wal/verify", WalVerification, VerifyWalRequest),
        "checkpoint_wal": _OP("POST", "/api/wal/checkpoint", WalCheckpointView),
        "stage_upload": _OP(
            "POST", "/api/uploads", StagedUpload, status=201, scope="user", served_by="runtime"
        ),
        # The Experience service's own operations.
        "register": _OP("POST", "/api/auth/register", _JSON, None, 201, "public", _X),
        "login": _OP("POST", "/api/auth/login", _JSON, scope="public", served_by=_X),
        "refresh": _OP("POST", "/api/auth/refresh", _JSON, scope="public", served_by=_X),
        "logout": _OP("POST", "/api/auth/logout", None, status=204, served_by=_X),
        "me": _OP("GET", "/api/auth/me", _JSON, served_by=_X),
        "create_invitation": _OP("POST", "/api/admin/invitations", _JSON, None, 201, "admin", _X),
        "create_api_key": _OP("POST", "/api/admin/api-keys", _JSON, None, 201, "admin", _X),
        "revoke_api_key": _OP(
            "DELETE", "/api/admin/api-keys/{key_id}", None, None, 204, "admin", _X
        ),
        "create_anonymous_session": _OP(
            "POST", "/api/session/create-anonymous", _JSON, CreateSessionRequest, 201, "public", _X
        ),
        "query_state": _OP("GET", "/api/session/{session_id}/state", StateSnapshot, served_by=_X),
        "trigger_journey": _OP(
            "POST", "/api/journey/trigger", SubmitIntentResponse, None, 202, served_by=_X
        ),
        "upload_file": _OP("POST", "/api/uploads", StagedUpload, None, 201, "user", _X),
        "limits": _OP("GET", "/api/limits", _JSON, scope="public", served_by=_X),
        "execution_websocket": _OP("GET", "/api/execution/{execution_id}/ws", None, served_by=_X),
    }
)
"""Every operation of both services by operation id (the Control Tower's read-only views,
`/api/control-tower/*`, are admin-only Experience operations mounted by their module)."""

RUNTIME_ROUTES: Mapping[str, Operation] = MappingProxyType(
    {name: op for name, op in OPERATIONS.items() if op.served_by != "experience"}
)
"""The Runtime API's operations: the single source of paths for its server and its client."""
