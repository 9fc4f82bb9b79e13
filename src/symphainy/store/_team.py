"""A tenant's team: its members, invitations and API keys (reads), and member changes (writes).

Every read is by tenant; a member change locks the tenant's admins so two concurrent demotions
cannot leave a tenant without an active admin.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from symphainy.errors import LastAdmin, NotFound
from symphainy.store._identity import (
    API_KEY_COLS,
    INVITATION_COLS,
    USER_COLS,
    ApiKeyRow,
    InvitationRow,
    UserRow,
)
from symphainy.store._rows import build
from symphainy.store._tx import Tx

if TYPE_CHECKING:
    from symphainy.store._store import Store


def set_member(
    tx: Tx, tenant_id: str, user_id: str, changes: dict[str, str], by: str | None
) -> UserRow:
    """Change a member's `role` and/or `status`; NotFound outside the tenant; LastAdmin."""
    admins = tx.q(
        f"SELECT user_id FROM users WHERE tenant_id = :t AND role = 'admin' "
        f"AND status = 'active'{tx.dialect.for_update}",
        {"t": tenant_id},
    )
    raw = tx.one(
        f"SELECT {USER_COLS} FROM users WHERE user_id = :u AND tenant_id = :t",
        {"u": user_id, "t": tenant_id},
    )
    if raw is None:
        raise NotFound(f"user {user_id} not found")
    row = build(UserRow, raw)
    role, status = changes.get("role", row.role), changes.get("status", row.status)
    still_admin = role == "admin" and status == "active"
    if not still_admin and [a[0] for a in admins] == [user_id]:
        raise LastAdmin(f"{row.email} is the tenant's only active admin; appoint another first")
    tx.q(
        "UPDATE users SET role = :r, status = :s, updated_at = :now WHERE user_id = :u",
        {"r": role, "s": status, "now": tx.now, "u": user_id},
    )
    tx.log(tenant_id, "user.changed", {"user_id": user_id, **changes, "by": by})
    return replace(row, role=role, status=status, updated_at=tx.now)


class TeamQueries:
    """The team reads of one tenant, newest first."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def members(self, tenant_id: str) -> list[UserRow]:
        """Every user of the tenant."""
        return await self._all(UserRow, USER_COLS, "users", tenant_id)

    async def api_keys(self, tenant_id: str) -> list[ApiKeyRow]:
        """Every API key of the tenant, revoked ones included (they say when)."""
        return await self._all(ApiKeyRow, API_KEY_COLS, "api_keys", tenant_id)

    async def invitations(self, tenant_id: str) -> list[InvitationRow]:
        """Every invitation of the tenant, used and expired ones included."""
        return await self._all(InvitationRow, INVITATION_COLS, "invitations", tenant_id)

    async def _all(self, cls: type[Any], cols: str, table: str, tenant_id: str) -> list[Any]:
        rows = await self._store.reader.rows(
            f"SELECT {cols} FROM {table} WHERE tenant_id = :t ORDER BY created_at DESC",
            {"t": tenant_id},
        )
        return [build(cls, r) for r in rows]
