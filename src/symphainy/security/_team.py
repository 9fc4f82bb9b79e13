"""Team administration: members, invitations and API keys of the admin's own tenant.

Never a secret or a hash: codes and keys are shown once, at creation
(`SecurityGuard.create_invitation` / `create_api_key`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from symphainy.errors import InvalidRequest
from symphainy.security._principal import Principal, require_role
from symphainy.store import Store, TeamQueries, UserRow, set_member

Role = Literal["viewer", "member", "admin"]
UserStatus = Literal["active", "disabled"]


@dataclass(frozen=True, slots=True)
class Member:
    """A user of the tenant as an admin sees them."""

    user_id: str
    email: str
    name: str
    role: str
    status: str
    created_at: float


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """An API key without its secret."""

    key_id: str
    name: str
    roles: list[str]
    created_by: str | None
    created_at: float
    revoked_at: float | None


@dataclass(frozen=True, slots=True)
class InvitationInfo:
    """An invitation without its code."""

    invitation_id: str
    role: str
    created_by: str | None
    created_at: float
    expires_at: float
    used_at: float | None
    used_by: str | None


def _member(row: UserRow) -> Member:
    return Member(row.user_id, row.email, row.name, row.role, row.status, row.created_at)


class Team:
    """Admin-only reads and member changes, always within the admin's own tenant."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._q = TeamQueries(store)

    async def members(self, admin: Principal) -> list[Member]:
        """Every user of the admin's tenant, newest first."""
        require_role(admin, "admin")
        rows = await self._q.members(admin.tenant_id)
        return [_member(r) for r in rows]

    async def change_member(
        self, admin: Principal, user_id: str, role: Role | None, status: UserStatus | None
    ) -> Member:
        """Set a member's role and/or status (NotFound outside the tenant; LastAdmin)."""
        require_role(admin, "admin")
        changes: dict[str, str] = {
            k: v for k, v in (("role", role), ("status", status)) if v is not None
        }
        if not changes:
            raise InvalidRequest("give a role, a status, or both")
        tenant = admin.tenant_id
        row = await self._store.write(
            lambda tx: set_member(tx, tenant, user_id, changes, admin.subject)
        )
        return _member(row)

    async def api_keys(self, admin: Principal) -> list[ApiKeyInfo]:
        """The tenant's API keys (revoked ones say when), newest first."""
        require_role(admin, "admin")
        return [
            ApiKeyInfo(
                r.key_id, r.name, json.loads(r.roles), r.created_by, r.created_at, r.revoked_at
            )
            for r in await self._q.api_keys(admin.tenant_id)
        ]

    async def invitations(self, admin: Principal) -> list[InvitationInfo]:
        """The tenant's invitations (used and expired ones included), newest first."""
        require_role(admin, "admin")
        return [
            InvitationInfo(
                r.invitation_id,
                r.role,
                r.created_by,
                r.created_at,
                r.expires_at,
                r.used_at,
                r.used_by,
            )
            for r in await self._q.invitations(admin.tenant_id)
        ]
