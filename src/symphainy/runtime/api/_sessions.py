"""Session routes: create, read (with state), upgrade an anonymous session in place."""

from __future__ import annotations

from fastapi.responses import Response

from symphainy.contracts import (
    CreateSessionRequest,
    SessionState,
    UpgradeSessionRequest,
)
from symphainy.errors import Conflict, SessionNotFound
from symphainy.runtime import Runtime, upgrade_caller_session
from symphainy.runtime.api._deps import Caller, RuntimeDep, ServiceSecret, operation, reply
from symphainy.security import verify_service_token
from symphainy.web import PathId, api_router

router = api_router(errors=(), tags=["sessions"])


@operation(router, "create_session", status_code=201)
async def create_session(body: CreateSessionRequest, rt: RuntimeDep, caller: Caller) -> Response:
    """Start a session for the calling principal (a session-bound token names its id)."""
    if caller.session_id is not None:
        await _refuse_existing(rt, caller.tenant_id, caller.session_id)
    view = await rt.create_session(
        caller.tenant_id,
        user_id=caller.user_id,
        anonymous=caller.anonymous,
        metadata=body.metadata,
        session_id=caller.session_id,
    )
    return reply(view, 201)


async def _refuse_existing(rt: Runtime, tenant_id: str, session_id: str) -> None:
    try:
        await rt.get_session(tenant_id, session_id)
    except SessionNotFound:
        return
    raise Conflict(f"session {session_id} already exists")


@operation(router, "get_session_state")
async def get_session_state(session_id: PathId, rt: RuntimeDep, caller: Caller) -> Response:
    """A session and its live state items."""
    session = await rt.get_session(caller.tenant_id, session_id)
    items = await rt.state.items(caller.tenant_id, "session", session_id)
    return reply(SessionState(session=session, state=items))


@operation(router, "upgrade_session")
async def upgrade_session(
    session_id: PathId,
    body: UpgradeSessionRequest,
    rt: RuntimeDep,
    caller: Caller,
    secret: ServiceSecret,
) -> Response:
    """Move an anonymous session (proved by its own token) to the signed-in caller."""
    owner = verify_service_token(secret, body.anonymous_token)
    view = await upgrade_caller_session(rt, caller, owner, session_id, body.metadata)
    return reply(view)
