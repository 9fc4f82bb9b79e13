"""Intent routes: submit, the catalogue (contracts and realms), pending intents."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header
from fastapi.responses import Response

from symphainy.contracts import (
    CreatePendingIntentRequest,
    DecidePendingRequest,
    SubmitIntentRequest,
)
from symphainy.errors import Forbidden
from symphainy.runtime import SubmitIntent, decide_approval
from symphainy.runtime.api._deps import Caller, RuntimeDep, operation, reply
from symphainy.security import Principal
from symphainy.web import PathId, api_router

router = api_router(errors=(), tags=["intents"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=256)]
RequestId = Annotated[str | None, Header(alias="X-Request-ID", max_length=128)]


@operation(router, "submit_intent", status_code=202)
async def submit_intent(
    body: SubmitIntentRequest,
    rt: RuntimeDep,
    caller: Caller,
    idempotency_key: IdempotencyKey = None,
    request_id: RequestId = None,
) -> Response:
    """Validate and record an intent; 202 when new, 200 when an idempotency key matched.

    The `Idempotency-Key` header, when sent, takes precedence over the body's key.
    """
    submitted = await rt.submit(
        SubmitIntent(
            tenant_id=caller.tenant_id,
            intent_type=body.intent_type,
            parameters=body.parameters,
            session_id=_session_for(caller, body.session_id),
            solution_id=body.solution_id,
            user_id=caller.user_id,
            idempotency_key=idempotency_key or body.idempotency_key,
            intent_id=body.intent_id,
            parent_execution_id=body.parent_execution_id,
            metadata=body.metadata,
            request_id=request_id,
            anonymous=caller.anonymous,
            roles=caller.roles,
        )
    )
    return reply(submitted, 200 if submitted.deduplicated else 202)


def _session_for(caller: Principal, requested: str | None) -> str | None:
    # A token bound to a session acts in that session only.
    if caller.session_id is None or requested in (None, caller.session_id):
        return requested or caller.session_id
    raise Forbidden("this credential is bound to another session")


@operation(router, "get_pending_intent")
async def get_pending_intent(intent_id: PathId, rt: RuntimeDep, caller: Caller) -> Response:
    """One pending intent of the caller's tenant."""
    return reply(await rt.pending.get(caller.tenant_id, intent_id))


# Not generated yet: the caller facade requires the member role here, and the Runtime API's
# service-token callers have never had to carry one (see the report of issue #15).
@operation(router, "create_pending_intent", status_code=201)
async def create_pending_intent(
    body: CreatePendingIntentRequest, rt: RuntimeDep, caller: Caller
) -> Response:
    """Defer an intent of a registered type, optionally targeting an artifact."""
    view = await rt.pending.create(
        caller.tenant_id,
        body.intent_type,
        target_artifact_id=body.target_artifact_id,
        context=body.context,
        session_id=_session_for(caller, body.session_id),
        user_id=caller.user_id,
    )
    return reply(view, 201)


@operation(router, "decide_pending_intent")
async def decide_pending_intent(
    intent_id: PathId, body: DecidePendingRequest, rt: RuntimeDep, caller: Caller
) -> Response:
    """Approve or reject an approval request of the caller's tenant (not anonymously)."""
    view = await decide_approval(
        rt, caller, intent_id, approve=body.decision == "approve", comment=body.comment
    )
    return reply(view)
