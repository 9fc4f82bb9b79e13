"""Policy checks that depend on who the caller is, written once for every transport.

LocalSDK (in process) and the Runtime API (service-token callers) both call these, so the
embedded and the split deployment refuse the same requests with the same problem.
"""

from __future__ import annotations

from typing import Any

from symphainy.contracts import PendingIntentView, SessionView
from symphainy.errors import Forbidden, SessionNotFound
from symphainy.runtime._runtime import Runtime
from symphainy.security._principal import Principal


async def decide_approval(
    rt: Runtime, caller: Principal, intent_id: str, *, approve: bool, comment: str | None
) -> PendingIntentView:
    """Approve or reject an approval request of the caller's tenant; anonymous callers may not."""
    if caller.anonymous:
        raise Forbidden("sign in to decide an approval")
    return await rt.pending.decide(
        caller.tenant_id, intent_id, approve=approve, decided_by=caller.subject, comment=comment
    )


async def upgrade_caller_session(
    rt: Runtime,
    caller: Principal,
    owner: Principal,
    session_id: str,
    metadata: dict[str, Any] | None = None,
) -> SessionView:
    """Move the anonymous `owner`'s session to the signed-in `caller`, in place.

    `owner` is the anonymous principal whose credential the caller presented as proof; a
    principal bound to one session cannot hand over another.
    """
    if caller.anonymous or caller.user_id is None:
        raise Forbidden("upgrading a session needs a signed-in caller")
    if not owner.anonymous:
        raise Forbidden("only anonymous sessions can be upgraded")
    if owner.session_id not in (None, session_id):
        raise SessionNotFound(f"session {session_id} not found")
    return await rt.upgrade_session(
        owner.tenant_id, session_id, caller.tenant_id, caller.user_id, metadata
    )
