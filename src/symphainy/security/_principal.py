"""Who is calling: principals, the role ladder, and the user/tenant/token values handed out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from symphainy.errors import AuthenticationRequired, Forbidden, InvalidRequest

ROLES: tuple[str, ...] = ("viewer", "member", "admin")
"""Roles from least to most privileged; each includes every role before it."""

ANONYMOUS_PREFIX = "anon:"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

PrincipalKind = Literal["user", "api_key", "anonymous"]


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller; its tenant always comes from a verified credential.

    The first five fields match the claims a service token carries, so the same class serves
    both. `kind` tells a user from an API key from an anonymous session.

    Attributes:
        tenant_id: The tenant every read and write is scoped to (`anon:<session>` if anonymous).
        user_id: The user, or None for API keys and anonymous sessions.
        roles: Granted roles (see `ROLES`); empty for anonymous principals.
        anonymous: True for an anonymous session awaiting login.
        session_id: The anonymous session, for anonymous principals.
        token_id: The id of the presented credential (token or API key), when known.
        api_key: True when the credential was a tenant API key.
    """

    tenant_id: str
    user_id: str | None
    roles: tuple[str, ...] = ()
    anonymous: bool = False
    session_id: str | None = None
    token_id: str | None = None
    api_key: bool = False

    @property
    def kind(self) -> PrincipalKind:
        """`anonymous`, `api_key` or `user`."""
        if self.anonymous:
            return "anonymous"
        return "api_key" if self.api_key else "user"

    @property
    def subject(self) -> str:
        """The actor for audit records: `user_id`, `api_key:…`, `anonymous:…` or `operator`.

        `operator` is a principal built in-process with no credential (the admin CLI).
        """
        if self.user_id is not None:
            return self.user_id
        if self.api_key:
            return f"api_key:{self.token_id}"
        if self.anonymous:
            return f"anonymous:{self.session_id}"
        return "operator"

    def has_role(self, role: str) -> bool:
        """Whether any granted role is `role` or ranks above it."""
        need = role_rank(role)
        return any(r in ROLES and ROLES.index(r) >= need for r in self.roles)


@dataclass(frozen=True, slots=True)
class User:
    """A user account as callers see it (never with its password hash)."""

    user_id: str
    tenant_id: str
    email: str
    name: str
    role: str
    created_at: float


@dataclass(frozen=True, slots=True)
class Tenant:
    """A tenant: the isolation boundary for all data."""

    tenant_id: str
    name: str
    created_at: float


@dataclass(frozen=True, slots=True)
class TokenPair:
    """What a login or refresh returns; the tokens are shown once and stored only hashed."""

    access_token: str
    refresh_token: str
    access_expires_at: float
    refresh_expires_at: float
    expires_in: int
    token_type: str = "Bearer"


def role_rank(role: str) -> int:
    """The position of `role` in `ROLES`; InvalidRequest for an unknown role."""
    try:
        return ROLES.index(role)
    except ValueError:
        raise InvalidRequest(f"unknown role {role!r}; expected one of {list(ROLES)}") from None


def require_role(principal: Principal, role: str) -> None:
    """Raise unless `principal` holds `role` (or a higher one).

    Raises:
        AuthenticationRequired: The principal is anonymous (logging in may help).
        Forbidden: The principal is authenticated but lacks the role.
    """
    rank_needed = role_rank(role)
    if principal.anonymous:
        raise AuthenticationRequired(f"sign in to perform this operation (requires {role})")
    if not principal.has_role(ROLES[rank_needed]):
        raise Forbidden(f"this operation requires the {role} role")


def anonymous_principal(session_id: str, token_id: str | None = None) -> Principal:
    """The principal of an anonymous session, living in the `anon:<session_id>` pseudo-tenant."""
    if not _SESSION_ID.fullmatch(session_id):
        raise InvalidRequest("session_id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'")
    return Principal(
        tenant_id=ANONYMOUS_PREFIX + session_id,
        user_id=None,
        anonymous=True,
        session_id=session_id,
        token_id=token_id,
    )


__all__ = [
    "ANONYMOUS_PREFIX",
    "ROLES",
    "Principal",
    "PrincipalKind",
    "Tenant",
    "TokenPair",
    "User",
    "anonymous_principal",
    "require_role",
    "role_rank",
]
