"""Every Runtime API operation written once, without I/O: what to send and how to read the answer.

`RuntimeClient` and `SyncRuntimeClient` derive their methods from these builders, and the
method and path of each come from `contracts._routes.OPERATIONS`, the table both services
mount (the Experience service serves the Runtime API's operations on the same paths).
Each builder returns a `Call` (in `_call`, with its readers).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from symphainy.contracts import (
    ArtifactPage,
    ArtifactView,
    CreatePendingIntentRequest,
    CreateSessionRequest,
    DecidePendingRequest,
    ExecutionPage,
    ExecutionStatus,
    ExecutionView,
    Health,
    IntentContract,
    JourneyView,
    LifecycleState,
    Lineage,
    ListArtifactsRequest,
    ListExecutionsRequest,
    ListPendingIntentsRequest,
    PendingIntentPage,
    PendingIntentView,
    PendingStatus,
    Readiness,
    RealmView,
    ResolveArtifactRequest,
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
from symphainy.contracts._search import attributes_json
from symphainy.sdk._call import JSON, Call, model, models, raw


def _clean(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


# Request bodies are built with `model_construct`: the server is the one judge of input, so a
# bad value comes back as its problem (422 with the field), the same answer every SDK gives.


def health() -> Call[Health]:
    """Liveness of the Runtime API."""
    return Call("health", model(Health))


def ready() -> Call[Readiness]:
    """Readiness (store, migrations, workers); a not-ready answer is returned, not raised."""
    return Call("ready", model(Readiness), accept=frozenset({503}))


def create_session(metadata: JSON | None = None) -> Call[SessionView]:
    """Start a session for the token's principal."""
    body = CreateSessionRequest.model_construct(metadata=dict(metadata or {}))
    return Call("create_session", model(SessionView), body=body)


def get_session(session_id: str) -> Call[SessionView]:
    """A session of the token's tenant."""
    return Call("get_session", model(SessionView), {"session_id": session_id})


def query_state(session_id: str, execution_id: str | None = None) -> Call[StateSnapshot]:
    """A session with its live state items (and one execution with its artifacts)."""
    params = _clean({"execution_id": execution_id}) or None
    return Call("query_state", model(StateSnapshot), {"session_id": session_id}, params)


def upgrade_session(
    session_id: str, anonymous_token: str, metadata: JSON | None = None
) -> Call[SessionView]:
    """Move an anonymous session (proved by `anonymous_token`) to the token's signed-in user."""
    body = UpgradeSessionRequest.model_construct(
        anonymous_token=anonymous_token, metadata=dict(metadata or {})
    )
    return Call("upgrade_session", model(SessionView), {"session_id": session_id}, body=body)


def submit_intent(
    intent_type: str,
    parameters: JSON | None = None,
    *,
    session_id: str | None = None,
    solution_id: str | None = None,
    intent_id: str | None = None,
    parent_execution_id: str | None = None,
    metadata: JSON | None = None,
    idempotency_key: str | None = None,
    not_before: datetime | str | None = None,
    intent_version: int | None = None,
    priority: int = 0,
    search_attributes: JSON | None = None,
) -> Call[SubmitIntentResponse]:
    """Submit an intent; returns at once (`deduplicated` when the idempotency key matched)."""
    body = SubmitIntentRequest.model_construct(
        intent_type=intent_type,
        parameters=dict(parameters or {}),
        session_id=session_id,
        solution_id=solution_id,
        intent_id=intent_id,
        parent_execution_id=parent_execution_id,
        metadata=dict(metadata or {}),
        not_before=None if isinstance(not_before, str) else not_before,
        intent_version=intent_version,
        priority=priority,
    )
    headers = None if idempotency_key is None else {"Idempotency-Key": idempotency_key}
    fields = body.model_dump(mode="json", exclude_defaults=True)
    if search_attributes:
        fields["search_attributes"] = attributes_json(search_attributes)
    if isinstance(not_before, str):  # sent as given: the server alone judges a timestamp
        fields["not_before"] = not_before
    return Call("submit_intent", model(SubmitIntentResponse), document=fields, headers=headers)


def list_intents() -> Call[list[IntentContract]]:
    """Every registered intent's contract."""
    return Call("list_intents", models(IntentContract))


def list_realms() -> Call[list[RealmView]]:
    """Capability groups and their intents."""
    return Call("list_realms", models(RealmView))


def list_journeys() -> Call[list[JourneyView]]:
    """Every registered journey with its steps."""
    return Call("list_journeys", models(JourneyView))


def list_pending_intents(
    *,
    target_artifact_id: str | None = None,
    intent_type: str | None = None,
    status: PendingStatus | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Call[PendingIntentPage]:
    """Pending intents matching the filters."""
    body = ListPendingIntentsRequest.model_construct(
        target_artifact_id=target_artifact_id,
        intent_type=intent_type,
        status=status,
        limit=limit,
        cursor=cursor,
    )
    return Call("list_pending_intents", model(PendingIntentPage), body=body)


def create_pending_intent(
    intent_type: str,
    *,
    target_artifact_id: str | None = None,
    context: JSON | None = None,
    session_id: str | None = None,
) -> Call[PendingIntentView]:
    """Defer an intent of a registered type."""
    body = CreatePendingIntentRequest.model_construct(
        intent_type=intent_type,
        target_artifact_id=target_artifact_id,
        context=dict(context or {}),
        session_id=session_id,
    )
    return Call("create_pending_intent", model(PendingIntentView), body=body)


def get_pending_intent(intent_id: str) -> Call[PendingIntentView]:
    """One pending intent."""
    return Call("get_pending_intent", model(PendingIntentView), {"intent_id": intent_id})


def decide_pending_intent(
    intent_id: str, decision: Literal["approve", "reject"], *, comment: str | None = None
) -> Call[PendingIntentView]:
    """Approve or reject an approval request; the execution waiting on it resumes."""
    body = DecidePendingRequest.model_construct(decision=decision, comment=comment)
    return Call(
        "decide_pending_intent", model(PendingIntentView), {"intent_id": intent_id}, body=body
    )


def list_executions(
    *,
    status: ExecutionStatus | None = None,
    intent_type: str | None = None,
    session_id: str | None = None,
    parent_execution_id: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Call[ExecutionPage]:
    """A page of executions matching the filters, newest first."""
    body = ListExecutionsRequest.model_construct(
        status=status,
        intent_type=intent_type,
        session_id=session_id,
        parent_execution_id=parent_execution_id,
        limit=limit,
        cursor=cursor,
    )
    return Call("list_executions", model(ExecutionPage), body=body)


def get_execution(
    execution_id: str, *, include_artifacts: bool = False, wait: float | None = None
) -> Call[ExecutionView]:
    """An execution's status; `wait` long-polls (seconds) until it is terminal."""
    params = _clean({"include_artifacts": include_artifacts or None, "wait": wait})
    return Call("get_execution", model(ExecutionView), {"execution_id": execution_id}, params)


def cancel_execution(execution_id: str) -> Call[ExecutionView]:
    """Cancel an execution."""
    return Call("cancel_execution", model(ExecutionView), {"execution_id": execution_id})


def get_artifact(artifact_id: str) -> Call[ArtifactView]:
    """An artifact with its materializations."""
    return Call("get_artifact", model(ArtifactView), {"artifact_id": artifact_id})


def get_artifact_content(artifact_id: str, *, format: str | None = None) -> Call[bytes]:
    """The bytes of an artifact's stored materialization."""
    params = _clean({"format": format})
    return Call("get_artifact_content", raw, {"artifact_id": artifact_id}, params)


def get_artifact_lineage(artifact_id: str) -> Call[Lineage]:
    """An artifact's ancestry and descendants."""
    return Call("get_artifact_lineage", model(Lineage), {"artifact_id": artifact_id})


def resolve_artifact(artifact_id: str, artifact_type: str | None = None) -> Call[ArtifactView]:
    """Resolve an artifact (insisting on its type when given)."""
    body = ResolveArtifactRequest.model_construct(
        artifact_id=artifact_id, artifact_type=artifact_type
    )
    return Call("resolve_artifact", model(ArtifactView), body=body)


def list_artifacts(
    *,
    artifact_type: str | None = None,
    lifecycle_state: LifecycleState | None = None,
    execution_id: str | None = None,
    session_id: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Call[ArtifactPage]:
    """A page of artifacts matching the filters."""
    body = ListArtifactsRequest.model_construct(
        artifact_type=artifact_type,
        lifecycle_state=lifecycle_state,
        execution_id=execution_id,
        session_id=session_id,
        limit=limit,
        cursor=cursor,
    )
    return Call("list_artifacts", model(ArtifactPage), body=body)


def list_wal(*, after: int = 0, limit: int = 100) -> Call[WalPage]:
    """The tenant's WAL entries after `after`."""
    return Call("list_wal", model(WalPage), params={"after": after, "limit": limit})


def verify_wal(*, since: str | None = None) -> Call[WalVerification]:
    """Walk the tenant's WAL hash chain (with `since`, also to that checkpoint)."""
    return Call(
        "verify_wal", model(WalVerification), body=VerifyWalRequest.model_construct(since=since)
    )


def checkpoint_wal() -> Call[WalCheckpointView]:
    """A signed checkpoint of the tenant's verified WAL head."""
    return Call("checkpoint_wal", model(WalCheckpointView))


def stream_events(execution_id: str, after: int) -> Call[bytes]:
    """The event stream request (read incrementally by the clients, never through `read`)."""
    headers = {"Accept": "text/event-stream", "Last-Event-ID": str(after)}
    return Call("stream_events", raw, {"execution_id": execution_id}, headers=headers)


def stream_pending_intents(intent_type: str | None, status: str) -> Call[bytes]:
    """The pending-intents stream request (read incrementally by the clients)."""
    params = (
        {"status": status}
        if intent_type is None
        else {"intent_type": intent_type, "status": status}
    )
    headers = {"Accept": "text/event-stream"}
    return Call("stream_pending_intents", raw, params=params, headers=headers)


def stage_upload(chunks: Any) -> Call[StagedUpload]:
    """Stream bytes (an iterator, sync or async) into the caller's blob area."""
    headers = {"Content-Type": "application/octet-stream"}
    return Call("stage_upload", model(StagedUpload), headers=headers, content=chunks)
