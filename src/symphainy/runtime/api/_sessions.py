"""Upgrade: the one session route written by hand (the anonymous session's token is the proof)."""

from __future__ import annotations

from fastapi.responses import Response

from symphainy.contracts import UpgradeSessionRequest
from symphainy.runtime.api._deps import Facade, ServiceSecret, operation, reply
from symphainy.security import verify_service_token
from symphainy.web import PathId, api_router

router = api_router(errors=(), tags=["sessions"])


@operation(router, "upgrade_session")
async def upgrade_session(
    session_id: PathId,
    body: UpgradeSessionRequest,
    facade: Facade,
    secret: ServiceSecret,
) -> Response:
    """Move an anonymous session (proved by its own token) to the signed-in caller."""
    owner = verify_service_token(secret, body.anonymous_token)
    return reply(await facade.upgrade_session(session_id, owner, body.metadata))
