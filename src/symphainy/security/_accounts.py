"""AccountChecks: identity questions that issue no credential (for the security intents).

`SecurityGuard` signs people in and hands out tokens; these checks only answer: do these
credentials match, is this address free, who is this user, may this token live longer. None
of them returns or stores a secret.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from symphainy.config import Settings
from symphainy.errors import AuthenticationRequired, InvalidRequest
from symphainy.security._passwords import BAD_LOGIN, Passwords, normalise_email
from symphainy.security._principal import User
from symphainy.store import Store, UserRow

CANNOT_EXTEND = "this session cannot be extended (expired, revoked or its login ended); sign in"


class AccountChecks:
    """Read-mostly identity checks over the same store and Argon2 settings as the guard."""

    def __init__(
        self, store: Store, settings: Settings, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._passwords = Passwords(settings)
        self._q = store.identity

    async def verify(self, email: str, password: str) -> User:
        """The active user these credentials belong to; no token is issued, nothing is written.

        Unknown email, disabled account and wrong password cost the same Argon2 work and raise
        the same AuthenticationRequired, as a login does.
        """
        try:
            row = await self._q.user_by_email(normalise_email(email))
        except InvalidRequest:
            row = None
        user = row if row is not None and row.status == "active" else None
        stored = user.password_hash if user is not None else None
        ok = await asyncio.to_thread(self._passwords.verify_or_dummy, stored, password)
        if user is None or not ok:
            raise AuthenticationRequired(BAD_LOGIN)
        return user_view(user)

    async def email_available(self, email: str) -> bool:
        """Whether no account uses this address (compared as registration compares it)."""
        return await self._q.user_by_email(normalise_email(email)) is None

    async def user(self, tenant_id: str, user_id: str) -> User | None:
        """A user of `tenant_id` (None for another tenant's user or an unknown id)."""
        row = await self._q.user(tenant_id, user_id)
        return user_view(row) if row is not None and row.status == "active" else None

    async def extend(self, tenant_id: str, token_id: str, anonymous: bool) -> float:
        """Slide a token's expiry forward by its kind's lifetime; return the new expiry."""
        s = self._settings
        ttl = s.anonymous_token_ttl_seconds if anonymous else s.access_token_ttl_seconds
        now = self._clock()
        until = await self._q.extend_token(tenant_id, token_id, ttl, now)
        if until is None:
            raise AuthenticationRequired(CANNOT_EXTEND)
        return until


def user_view(row: UserRow) -> User:
    """What callers may see of a user row (never its password hash)."""
    return User(row.user_id, row.tenant_id, row.email, row.name, row.role, row.created_at)


__all__ = ["AccountChecks", "user_view"]
