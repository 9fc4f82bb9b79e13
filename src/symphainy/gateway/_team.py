"""Team routes (admin only, the caller's own tenant): members, invitations and API keys.

Creating an invitation or a key stays in `_auth` (the code is shown once).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict

from symphainy.gateway._deps import Admin, deps_of
from symphainy.security import Role, UserStatus
from symphainy.web import PathId, api_router

router = api_router(prefix="/api/admin", tags=["admin"])


class MemberChange(BaseModel):
    """A new role and/or status for one member (`disabled` signs them out everywhere)."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    status: UserStatus | None = None


@router.get("/members")
async def list_members(request: Request, admin: Admin) -> dict[str, Any]:
    """Every user of the caller's tenant."""
    members = await deps_of(request).team.members(admin)
    return {"members": [asdict(m) for m in members]}


@router.patch("/members/{user_id}")
async def change_member(
    user_id: PathId, body: MemberChange, request: Request, admin: Admin
) -> dict[str, Any]:
    """Change a member's role or status; 409 `last-admin` if no active admin would remain."""
    team = deps_of(request).team
    return asdict(await team.change_member(admin, user_id, body.role, body.status))


@router.get("/api-keys")
async def list_api_keys(request: Request, admin: Admin) -> dict[str, Any]:
    """The tenant's API keys, without their secrets (revoked ones say when)."""
    return {"api_keys": [asdict(k) for k in await deps_of(request).team.api_keys(admin)]}


@router.get("/invitations")
async def list_invitations(request: Request, admin: Admin) -> dict[str, Any]:
    """The tenant's invitations, without their codes (used and expired ones included)."""
    return {"invitations": [asdict(i) for i in await deps_of(request).team.invitations(admin)]}
