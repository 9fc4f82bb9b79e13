"""The Runtime API's operations on the Experience service, generated from the table.

Each entry says only how the caller's SDK runs the operation; path, method, body, answer,
status and who may call come from `contracts._routes.OPERATIONS` (TrafficCop and the token
check run in the `SDK`/`UserSDK` dependencies).
"""

from __future__ import annotations

from typing import Any

from symphainy.gateway._deps import SDK, UserSDK
from symphainy.web import api_router
from symphainy.web._operations import Handler, mount_operations


def _doc(text: str, handler: Handler) -> Handler:
    handler.__doc__ = text
    return handler


def _filters(body: Any) -> dict[str, Any]:
    filters: dict[str, Any] = body.model_dump(exclude_none=True)
    return filters


HANDLERS: dict[str, Handler] = {
    "create_session": _doc(
        "A session for the signed-in caller.", lambda sdk, body: sdk.create_session(body.metadata)
    ),
    "get_session": _doc(
        "One of the caller's sessions.", lambda sdk, session_id: sdk.get_session(session_id)
    ),
    "list_executions": _doc(
        "A page of the caller's executions, newest first (a journey's steps: by parent).",
        lambda sdk, body: sdk.list_executions(**_filters(body)),
    ),
    "cancel_execution": _doc(
        "Cancel an execution.", lambda sdk, execution_id: sdk.cancel(execution_id)
    ),
    "resolve_artifact": _doc(
        "One artifact of the caller's tenant.",
        lambda sdk, body: sdk.resolve_artifact(body.artifact_id, body.artifact_type),
    ),
    "list_artifacts": _doc(
        "A page of the caller's artifacts.",
        lambda sdk, body: sdk.list_artifacts(**_filters(body)),
    ),
    "get_artifact": _doc(
        "One artifact.", lambda sdk, artifact_id: sdk.resolve_artifact(artifact_id)
    ),
    "get_artifact_lineage": _doc(
        "Ancestry and descendants.", lambda sdk, artifact_id: sdk.artifact_lineage(artifact_id)
    ),
    "list_pending_intents": _doc(
        "Pending intents of the caller's tenant.",
        lambda sdk, body: sdk.list_pending(**_filters(body)),
    ),
    "create_pending_intent": _doc(
        "Defer an intent for later.",
        lambda sdk, body: sdk.create_pending(
            body.intent_type, body.target_artifact_id, body.context, body.session_id
        ),
    ),
    "decide_pending_intent": _doc(
        "Approve or reject an approval request; the journey waiting on it goes on.",
        lambda sdk, intent_id, body: sdk.decide_pending(intent_id, body.decision, body.comment),
    ),
    "list_journeys": _doc(
        "Every registered journey: steps, dependencies and the input it takes.",
        lambda sdk: sdk.list_journeys(),
    ),
    "list_intents": _doc("The intent catalogue with JSON Schemas.", lambda sdk: sdk.list_intents()),
    "list_realms": _doc("Capabilities and their intents.", lambda sdk: sdk.list_realms()),
    "checkpoint_wal": _doc(
        "A signed checkpoint of the caller's tenant's verified WAL head.",
        lambda sdk: sdk.checkpoint_wal(),
    ),
}

router = api_router(tags=["operations"])
mount_operations(router, HANDLERS, {"caller": SDK, "user": UserSDK})
