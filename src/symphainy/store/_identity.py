"""Identity records: tenants, users, tokens, API keys and invitations (each write WAL-logged)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from symphainy.errors import Conflict, Forbidden, NotFound
from symphainy.store._rows import build, columns
from symphainy.store._tx import Tx

if TYPE_CHECKING:
    from symphainy.store._store import Store

T = TypeVar("T")
Rotation = Literal["rotated", "invalid", "expired", "reused"]


@dataclass(frozen=True, slots=True)
class TenantRow:
    """One tenant."""

    tenant_id: str
    name: str
    created_at: float


@dataclass(frozen=True, slots=True)
class UserRow:
    """One user account (password stored as an Argon2 hash only)."""

    user_id: str
    tenant_id: str
    email: str
    email_normalised: str
    name: str
    password_hash: str
    role: str
    status: str
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class TokenRow:
    """One issued bearer token (stored as the SHA-256 of the token only)."""

    token_id: str
    token_hash: str
    kind: str
    tenant_id: str
    user_id: str | None
    session_id: str | None
    family_id: str
    created_at: float
    expires_at: float
    revoked_at: float | None
    revoked_reason: str | None


@dataclass(frozen=True, slots=True)
class ApiKeyRow:
    """One tenant API key (stored as the SHA-256 of the key only); `roles` is a JSON list."""

    key_id: str
    key_hash: str
    tenant_id: str
    name: str
    roles: str
    created_by: str | None
    created_at: float
    revoked_at: float | None


@dataclass(frozen=True, slots=True)
class InvitationRow:
    """One invitation to join a tenant (stored as the SHA-256 of the code only)."""

    invitation_id: str
    code_hash: str
    tenant_id: str
    role: str
    created_by: str | None
    created_at: float
    expires_at: float
    used_at: float | None
    used_by: str | None


@dataclass(frozen=True, slots=True)
class NewUser:
    """A user about to be inserted; tenant and role come from the operation."""

    user_id: str
    email: str
    email_normalised: str
    name: str
    password_hash: str


@dataclass(frozen=True, slots=True)
class TokenAuth:
    """A token with the current role and status of its user (None for anonymous tokens)."""

    token: TokenRow
    role: str | None
    user_status: str | None


TENANT_COLS = columns(TenantRow)
USER_COLS = columns(UserRow)
TOKEN_COLS = columns(TokenRow)
API_KEY_COLS = columns(ApiKeyRow)
INVITATION_COLS = columns(InvitationRow)
BAD_INVITATION = "invitation code is invalid, already used or expired"


def _insert(tx: Tx, table: str, values: dict[str, Any], suffix: str = "") -> list[Any]:
    cols = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    return tx.q(f"INSERT INTO {table} ({cols}) VALUES ({marks}){suffix}", values)


def _insert_user(tx: Tx, user: NewUser, tenant_id: str, role: str, now: float) -> UserRow:
    """Insert a user, or raise Conflict (before writing anything) if the email is taken."""
    fields = asdict(user)
    row = UserRow(
        **fields, tenant_id=tenant_id, role=role, status="active", created_at=now, updated_at=now
    )
    inserted = _insert(
        tx, "users", asdict(row), " ON CONFLICT (email_normalised) DO NOTHING RETURNING user_id"
    )
    if not inserted:
        raise Conflict("an account with this email already exists")
    return row


def _log_user(tx: Tx, row: UserRow, via: str, by: str | None = None) -> None:
    payload = {"user_id": row.user_id, "role": row.role, "via": via, "by": by}
    tx.log(row.tenant_id, "user.registered", payload)


def register_tenant(tx: Tx, user: NewUser, tenant: TenantRow) -> UserRow:
    """Create a tenant with `user` as its first admin."""
    row = _insert_user(tx, user, tenant.tenant_id, "admin", tenant.created_at)
    _insert(tx, "tenants", asdict(tenant))
    tx.log(tenant.tenant_id, "tenant.created", {"tenant_id": tenant.tenant_id, "name": tenant.name})
    _log_user(tx, row, "signup")
    return row


def register_invited(
    tx: Tx, user: NewUser, invitation_id: str, code_hash: str, now: float
) -> UserRow:
    """Join the invitation's tenant with its role, consuming the invitation."""
    raw = tx.one(
        f"SELECT {INVITATION_COLS} FROM invitations WHERE invitation_id = :i"
        f"{tx.dialect.for_update}",
        {"i": invitation_id},
    )
    inv = build(InvitationRow, raw) if raw is not None else None
    if inv is None or not _usable(inv, code_hash, now):
        raise Forbidden(BAD_INVITATION)
    row = _insert_user(tx, user, inv.tenant_id, inv.role, now)
    tx.q(
        "UPDATE invitations SET used_at = :now, used_by = :u WHERE invitation_id = :i",
        {"now": now, "u": row.user_id, "i": invitation_id},
    )
    _log_user(tx, row, "invitation", inv.created_by)
    payload = {"invitation_id": invitation_id, "user_id": row.user_id, "role": inv.role}
    tx.log(inv.tenant_id, "invitation.used", payload)
    return row


def _usable(inv: InvitationRow, code_hash: str, now: float) -> bool:
    matches = hmac.compare_digest(inv.code_hash, code_hash)
    return matches and inv.used_at is None and inv.expires_at > now


def add_user(
    tx: Tx, user: NewUser, tenant_id: str, role: str, created_by: str, now: float
) -> UserRow:
    """An admin (or the operator's CLI) adds a user to an existing tenant."""
    if tx.one("SELECT 1 FROM tenants WHERE tenant_id = :t", {"t": tenant_id}) is None:
        raise NotFound(f"tenant {tenant_id} not found")
    row = _insert_user(tx, user, tenant_id, role, now)
    _log_user(tx, row, "admin", created_by)
    return row


def rehash_password(tx: Tx, tenant_id: str, user_id: str, password_hash: str, now: float) -> None:
    """Replace a password hash computed with outdated parameters."""
    tx.q(
        "UPDATE users SET password_hash = :h, updated_at = :now "
        "WHERE user_id = :u AND tenant_id = :t",
        {"h": password_hash, "now": now, "u": user_id, "t": tenant_id},
    )
    tx.log(tenant_id, "user.password_rehashed", {"user_id": user_id})


def issue_tokens(tx: Tx, tokens: list[TokenRow]) -> None:
    """Insert tokens; log each issuance (never the token or its hash)."""
    for token in tokens:
        _insert(tx, "tokens", asdict(token))
        tx.log(token.tenant_id, "token.issued", _token_event(token))


def _token_event(token: TokenRow) -> dict[str, Any]:
    return {
        "token_id": token.token_id,
        "kind": token.kind,
        "family_id": token.family_id,
        "user_id": token.user_id,
        "session_id": token.session_id,
        "expires_at": token.expires_at,
    }


def _locked_token(tx: Tx, token_id: str) -> TokenAuth | None:
    # PostgreSQL cannot lock the nullable side of an outer join: lock only the token row.
    lock = f"{tx.dialect.for_update} OF t" if tx.dialect.for_update else ""
    raw = tx.one(
        f"SELECT {_TOKEN_AUTH_COLS} FROM tokens t LEFT JOIN users u ON u.user_id = t.user_id "
        f"WHERE t.token_id = :id{lock}",
        {"id": token_id},
    )
    return _token_auth(raw) if raw is not None else None


def rotate_refresh(
    tx: Tx, token_id: str, token_hash: str, make: Callable[[TokenRow], list[TokenRow]], now: float
) -> Rotation:
    """Exchange a live refresh token for `make(old)`; a revoked one revokes its whole family."""
    found = _locked_token(tx, token_id)
    if found is None or found.token.kind != "refresh":
        return "invalid"
    old = found.token
    if not hmac.compare_digest(old.token_hash, token_hash):
        return "invalid"
    if old.revoked_reason == "rotated":
        # A rotated-away refresh token came back: someone holds a copy. Burn the family.
        _revoke_family(tx, old, "refresh_reuse", now)
        return "reused"
    if old.revoked_at is not None or found.user_status != "active":
        return "invalid"
    if old.expires_at <= now:
        return "expired"
    _revoke(tx, old, "rotated", now)
    issue_tokens(tx, make(old))
    return "rotated"


def _revoke(tx: Tx, token: TokenRow, reason: str, now: float) -> None:
    tx.q(
        "UPDATE tokens SET revoked_at = :now, revoked_reason = :r WHERE token_id = :id",
        {"now": now, "r": reason, "id": token.token_id},
    )
    payload = {"token_id": token.token_id, "family_id": token.family_id, "reason": reason}
    tx.log(token.tenant_id, "token.revoked", payload)


def _revoke_family(tx: Tx, token: TokenRow, reason: str, now: float) -> int:
    rows = tx.q(
        "UPDATE tokens SET revoked_at = :now, revoked_reason = :r "
        "WHERE family_id = :f AND revoked_at IS NULL RETURNING token_id",
        {"now": now, "r": reason, "f": token.family_id},
    )
    ids = sorted(r[0] for r in rows)
    payload = {"family_id": token.family_id, "reason": reason, "token_ids": ids}
    tx.log(token.tenant_id, "token.revoked", payload)
    return len(ids)


def revoke_family(tx: Tx, token_id: str, reason: str, now: float) -> int:
    """Revoke every live token issued with `token_id` (one login or anonymous session)."""
    found = _locked_token(tx, token_id)
    if found is None:
        return 0
    return _revoke_family(tx, found.token, reason, now)


def create_invitation(tx: Tx, row: InvitationRow) -> None:
    """Record an invitation (its code is kept only as a hash)."""
    _insert(tx, "invitations", asdict(row))
    payload = {
        "invitation_id": row.invitation_id,
        "role": row.role,
        "expires_at": row.expires_at,
        "by": row.created_by,
    }
    tx.log(row.tenant_id, "invitation.created", payload)


def create_api_key(tx: Tx, row: ApiKeyRow, roles: list[str]) -> None:
    """Record an API key (its secret is kept only as a hash)."""
    _insert(tx, "api_keys", asdict(row))
    payload = {"key_id": row.key_id, "name": row.name, "roles": roles, "by": row.created_by}
    tx.log(row.tenant_id, "api_key.created", payload)


def revoke_api_key(tx: Tx, tenant_id: str, key_id: str, by: str | None, now: float) -> None:
    """Revoke a key of `tenant_id`; NotFound if the tenant has no such live key."""
    rows = tx.q(
        "UPDATE api_keys SET revoked_at = :now "
        "WHERE key_id = :k AND tenant_id = :t AND revoked_at IS NULL RETURNING key_id",
        {"now": now, "k": key_id, "t": tenant_id},
    )
    if not rows:
        raise NotFound(f"API key {key_id} not found")
    tx.log(tenant_id, "api_key.revoked", {"key_id": key_id, "by": by})


_TOKEN_AUTH_COLS = ", ".join(f"t.{c.strip()}" for c in TOKEN_COLS.split(",")) + ", u.role, u.status"


def _token_auth(raw: tuple[Any, ...]) -> TokenAuth:
    return TokenAuth(build(TokenRow, raw[:-2]), raw[-2], raw[-1])


class IdentityQueries:
    """Identity reads. Writes are the module's `(tx, …)` functions, run with `Store.write`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def user_by_email(self, email_normalised: str) -> UserRow | None:
        """The user with this normalised email, in whatever tenant."""
        return await self._one(
            UserRow,
            f"SELECT {USER_COLS} FROM users WHERE email_normalised = :e",
            {"e": email_normalised},
        )

    async def user(self, tenant_id: str, user_id: str) -> UserRow | None:
        """One user of `tenant_id`, or None."""
        return await self._one(
            UserRow,
            f"SELECT {USER_COLS} FROM users WHERE user_id = :u AND tenant_id = :t",
            {"u": user_id, "t": tenant_id},
        )

    async def tenant(self, tenant_id: str) -> TenantRow | None:
        """One tenant, or None."""
        return await self._one(
            TenantRow,
            f"SELECT {TENANT_COLS} FROM tenants WHERE tenant_id = :t",
            {"t": tenant_id},
        )

    async def token(self, token_id: str) -> TokenAuth | None:
        """A token with its user's current role and status (the token names its tenant)."""
        rows = await self._store.reader.rows(
            f"SELECT {_TOKEN_AUTH_COLS} FROM tokens t LEFT JOIN users u ON u.user_id = t.user_id "
            "WHERE t.token_id = :id",
            {"id": token_id},
        )
        return _token_auth(rows[0]) if rows else None

    async def api_key(self, key_id: str) -> ApiKeyRow | None:
        """An API key by id (the key names its tenant)."""
        return await self._one(
            ApiKeyRow, f"SELECT {API_KEY_COLS} FROM api_keys WHERE key_id = :k", {"k": key_id}
        )

    async def _one(self, cls: type[T], sql: str, params: dict[str, Any]) -> T | None:
        rows = await self._store.reader.rows(sql, params)
        return build(cls, rows[0]) if rows else None


__all__ = [
    "ApiKeyRow",
    "IdentityQueries",
    "InvitationRow",
    "NewUser",
    "Rotation",
    "TenantRow",
    "TokenAuth",
    "TokenRow",
    "UserRow",
]
