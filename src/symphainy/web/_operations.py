"""Routes generated from the operations table: a service says only how it runs each one.

`mount_operations` reads method, path, body model, answer, status and scope from
`contracts._routes.OPERATIONS`, so a service cannot serve an operation under another path or
shape than the table (and the clients, which read the same table) say.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter

from symphainy.contracts._routes import OPERATIONS, Operation, Scope
from symphainy.web._routing import PathId

Handler = Callable[..., Awaitable[Any]]
"""Runs one operation: `handler(target, **path_ids, body=...)` → the answer's model."""


def _doc(text: str, handler: Handler) -> Handler:
    handler.__doc__ = text
    return handler


def _filters(body: Any) -> dict[str, Any]:
    filters: dict[str, Any] = body.model_dump(exclude_none=True)
    return filters


SDK_HANDLERS: Mapping[str, Handler] = {
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

"""How an ExperienceSDK-shaped target (the caller's SDK on the Experience service, the
runtime's caller facade on the Runtime API) runs each operation both services serve alike."""


def mount_operations(
    router: APIRouter, handlers: Mapping[str, Handler], targets: Mapping[Scope, Any]
) -> None:
    """Mount one route per handler, at its operation's path.

    Args:
        router: Where to mount (its route class and problem responses apply).
        handlers: Operation name → how this service runs it.
        targets: Scope → the FastAPI dependency (an `Annotated[..., Depends(...)]`) that
            checks the caller and yields what a handler acts on (e.g. the caller's SDK).
    """
    for name, handler in handlers.items():
        op = OPERATIONS[name]
        router.add_api_route(
            op.path,
            _endpoint(op, handler, targets[op.scope]),
            methods=[op.method],
            name=name,
            response_model=op.response,
            status_code=op.status,
            operation_id=name,
            summary=name.replace("_", " ").capitalize(),
            description=inspect.getdoc(handler) or None,
        )


def _endpoint(op: Operation, handler: Handler, target: Any) -> Handler:
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("target", keyword, annotation=target)]
    params += [inspect.Parameter(i, keyword, annotation=PathId) for i in path_ids(op.path)]
    if op.request is not None:
        params.append(inspect.Parameter("body", keyword, annotation=op.request))

    async def endpoint(**kwargs: Any) -> Any:
        return await handler(kwargs.pop("target"), **kwargs)

    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return endpoint


def path_ids(path: str) -> list[str]:
    """The `{placeholders}` of a path template, in order."""
    return [field for _, field, _, _ in string.Formatter().parse(path) if field]
