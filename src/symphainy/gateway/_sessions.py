"""Session routes written by hand: create-anonymous, and upgrade in place on login."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request

from symphainy.contracts import CreateSessionRequest, SessionView, UpgradeSessionRequest
from symphainy.gateway._deps import SDK, AuthLimited, User, deps_of
from symphainy.web import PathId, api_router

router = api_router(prefix="/api/session", tags=["sessions"])


@router.post("/create-anonymous", status_code=201, dependencies=[AuthLimited])
async def create_anonymous(body: CreateSessionRequest, request: Request) -> dict[str, Any]:
    """An anonymous session and its token (it may invoke only `anonymous_ok` intents)."""
    deps = deps_of(request)
    session_id = uuid.uuid4().hex
    token = await deps.guard.issue_anonymous_token(session_id)
    principal = await deps.guard.authenticate(token)
    view = await deps.sdk_for(principal).create_session(body.metadata)
    return {"session": view.model_dump(mode="json"), "access_token": token, "token_type": "Bearer"}


@router.patch("/{session_id}/upgrade")
async def upgrade_session(
    session_id: PathId, body: UpgradeSessionRequest, request: Request, sdk: SDK, user: User
) -> SessionView:
    """Move the anonymous session (proved by its token) into the signed-in user's tenant.

    The caller facade checks that the token is an anonymous session's, and this one's.
    """
    guard = deps_of(request).guard
    owner = await guard.authenticate(body.anonymous_token)
    view = await sdk.upgrade_session(session_id, owner, body.metadata)
    await guard.logout(body.anonymous_token)
    return view
