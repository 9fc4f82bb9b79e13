"""`Store.identity`: identity reads and writes as named methods.

Each write runs the matching `_identity` function in one group-committed transaction, atomic
with its WAL entry, so callers outside the store never assemble transactions themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from symphainy.store import _identity as ident
from symphainy.store._identity import (
    ApiKeyRow,
    IdentityQueries,
    InvitationRow,
    NewUser,
    Rotation,
    TenantRow,
    TokenRow,
    UserRow,
)
from symphainy.store._token_life import extend_token


class IdentityStore(IdentityQueries):
    """Tenants, users, tokens, API keys and invitations: reads and atomic, WAL-logged writes."""

    async def register_tenant(self, user: NewUser, tenant: TenantRow) -> UserRow:
        """Create `tenant` with `user` as its admin."""
        return await self._store.write(lambda tx: ident.register_tenant(tx, user, tenant))

    async def register_invited(
        self, user: NewUser, invitation_id: str, code_hash: str, now: float
    ) -> UserRow:
        """Create `user` in the invitation's tenant and spend it (Forbidden if it is not usable)."""
        return await self._store.write(
            lambda tx: ident.register_invited(tx, user, invitation_id, code_hash, now)
        )

    async def add_user(
        self, user: NewUser, tenant_id: str, role: str, created_by: str, now: float
    ) -> UserRow:
        """An admin adds `user` to `tenant_id` with `role`."""
        return await self._store.write(
            lambda tx: ident.add_user(tx, user, tenant_id, role, created_by, now)
        )

    async def rehash_password(
        self, tenant_id: str, user_id: str, password_hash: str, now: float
    ) -> None:
        """Replace a user's password hash (same password, current parameters)."""
        await self._store.write(
            lambda tx: ident.rehash_password(tx, tenant_id, user_id, password_hash, now)
        )

    async def issue_tokens(self, tokens: list[TokenRow]) -> None:
        """Record newly minted tokens."""
        await self._store.write(lambda tx: ident.issue_tokens(tx, tokens))

    async def rotate_refresh(
        self,
        token_id: str,
        token_hash: str,
        make: Callable[[TokenRow], list[TokenRow]],
        now: float,
    ) -> Rotation:
        """Spend a refresh token for `make(old)`; a reused one revokes its whole family."""
        return await self._store.write(
            lambda tx: ident.rotate_refresh(tx, token_id, token_hash, make, now)
        )

    async def revoke_family(self, token_id: str, reason: str, now: float) -> int:
        """Revoke every token of `token_id`'s login; return how many were live."""
        return await self._store.write(lambda tx: ident.revoke_family(tx, token_id, reason, now))

    async def extend_token(
        self, tenant_id: str, token_id: str, ttl: float, now: float
    ) -> float | None:
        """Slide a live token's expiry; see `_token_life.extend_token`."""
        return await self._store.write(lambda tx: extend_token(tx, tenant_id, token_id, ttl, now))

    async def create_invitation(self, row: InvitationRow) -> None:
        """Record a single-use invitation."""
        await self._store.write(lambda tx: ident.create_invitation(tx, row))

    async def create_api_key(self, row: ApiKeyRow, roles: list[str]) -> None:
        """Record a tenant API key holding `roles`."""
        await self._store.write(lambda tx: ident.create_api_key(tx, row, roles))

    async def revoke_api_key(self, tenant_id: str, key_id: str, by: str | None, now: float) -> None:
        """Revoke one of `tenant_id`'s keys (NotFound for any other)."""
        await self._store.write(lambda tx: ident.revoke_api_key(tx, tenant_id, key_id, by, now))
