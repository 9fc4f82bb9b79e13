"""SecurityGuard: registration, login, opaque tokens, API keys, invitations and roles."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence

from symphainy.config import Settings
from symphainy.errors import AuthenticationRequired, Forbidden, InvalidRequest, NotFound
from symphainy.security._passwords import (
    BAD_LOGIN,
    Passwords,
    check_password,
    clean_name,
    normalise_email,
)
from symphainy.security._principal import (
    Principal,
    Tenant,
    TokenPair,
    User,
    anonymous_principal,
    require_role,
    role_rank,
)
from symphainy.security._tokens import (
    Minted,
    Presented,
    mint,
    new_id,
    parse,
    same_digest,
    token_row,
)
from symphainy.store import (
    BAD_INVITATION,
    ApiKeyRow,
    InvitationRow,
    NewUser,
    Store,
    TenantRow,
    TokenAuth,
    TokenRow,
    UserRow,
)

BAD_TOKEN = "the credential is invalid, expired or revoked"
REUSED = "this refresh token was already used; the session has been revoked, sign in again"
MAX_INVITATION_TTL = 90 * 86400.0
API_KEY_NAME_MAX = 128


class SecurityGuard:
    """Real tenants and users: the only way a request becomes a `Principal`.

    Args:
        store: The opened Store; every identity change is written with its WAL entry.
        settings: Token lifetimes and Argon2 cost parameters.
        clock: Wall-clock seconds; injectable so tests can move time.
    """

    def __init__(
        self, store: Store, settings: Settings, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._passwords = Passwords(settings)
        self._q = store.identity

    # Accounts

    async def register(
        self,
        email: str,
        password: str,
        name: str,
        tenant_name: str | None = None,
        invitation_code: str | None = None,
    ) -> tuple[User, Tenant]:
        """Create an account: a new tenant (as its admin) or, with an invitation, join one.

        Raises:
            InvalidRequest: Bad email, name or password, or both a tenant name and a code.
            Conflict: The email (compared case-insensitively) is already registered.
            Forbidden: The invitation is unknown, used or expired.
        """
        if tenant_name is not None and invitation_code is not None:
            raise InvalidRequest("give either tenant_name or invitation_code, not both")
        new = await self._new_user(email, password, name)
        if invitation_code is None:
            tenant = TenantRow(f"t_{new_id()}", clean_name(tenant_name or new.name), self._clock())
            row = await self._q.register_tenant(new, tenant)
            return _user(row), _tenant(tenant)
        row = await self._join(new, invitation_code)
        joined = await self._q.tenant(row.tenant_id)
        if joined is None:
            raise NotFound(f"tenant {row.tenant_id} no longer exists")
        return _user(row), _tenant(joined)

    async def _join(self, new: NewUser, code: str) -> UserRow:
        presented = parse(code)
        if presented is None or presented.kind != "invitation":
            raise Forbidden(BAD_INVITATION)
        now = self._clock()
        return await self._q.register_invited(new, presented.credential_id, presented.digest, now)

    async def create_user(
        self,
        admin: Principal,
        email: str,
        password: str,
        role: str = "member",
        name: str | None = None,
    ) -> User:
        """An admin adds a user to their own tenant (for `symphainy user create`)."""
        require_role(admin, "admin")
        role_rank(role)
        new = await self._new_user(email, password, name or email.split("@", 1)[0])
        now = self._clock()
        row = await self._q.add_user(new, admin.tenant_id, role, admin.subject, now)
        return _user(row)

    async def _new_user(self, email: str, password: str, name: str) -> NewUser:
        normalised = normalise_email(email)
        check_password(password)
        display = clean_name(name)
        hashed = await asyncio.to_thread(self._passwords.hash, password)
        return NewUser(f"u_{new_id()}", email.strip(), normalised, display, hashed)

    async def me(self, principal: Principal) -> User:
        """The signed-in user behind `principal`."""
        if principal.user_id is None:
            raise AuthenticationRequired("this operation needs a signed-in user")
        row = await self._q.user(principal.tenant_id, principal.user_id)
        if row is None or row.status != "active":
            raise AuthenticationRequired(BAD_TOKEN)
        return _user(row)

    # Sessions

    async def login(self, email: str, password: str) -> TokenPair:
        """Exchange credentials for a new token pair.

        An unknown email, a disabled account and a wrong password all cost one Argon2
        verification and raise the same AuthenticationRequired.
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
        await self._rehash_if_outdated(user, password)
        return await self._issue_pair(user)

    async def _rehash_if_outdated(self, user: UserRow, password: str) -> None:
        if not self._passwords.needs_rehash(user.password_hash):
            return
        hashed = await asyncio.to_thread(self._passwords.hash, password)
        now = self._clock()
        await self._q.rehash_password(user.tenant_id, user.user_id, hashed, now)

    async def _issue_pair(self, user: UserRow) -> TokenPair:
        now = self._clock()
        access, refresh = mint("access"), mint("refresh")
        family = access.credential_id
        rows = self._rows((access, refresh), user.tenant_id, user.user_id, family, now)
        await self._q.issue_tokens(rows)
        return self._pair(access, refresh, now)

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Rotate: revoke `refresh_token` and return a new pair in the same family.

        Presenting a refresh token that was already rotated away revokes the whole family
        (every token descended from that login), since a copy of it is in someone's hands.
        """
        presented = _expect(refresh_token, "refresh")
        now = self._clock()
        access, refresh = mint("access"), mint("refresh")

        def successors(old: TokenRow) -> list[TokenRow]:
            return self._rows((access, refresh), old.tenant_id, old.user_id, old.family_id, now)

        outcome = await self._q.rotate_refresh(
            presented.credential_id, presented.digest, successors, now
        )
        if outcome == "reused":
            raise AuthenticationRequired(REUSED)
        if outcome != "rotated":
            raise AuthenticationRequired(BAD_TOKEN)
        return self._pair(access, refresh, now)

    async def logout(self, token: str) -> None:
        """Revoke an access (or anonymous) token together with its refresh token."""
        principal = await self.authenticate(token)
        if principal.kind == "api_key" or principal.token_id is None:
            raise InvalidRequest("API keys are revoked with revoke_api_key")
        token_id, now = principal.token_id, self._clock()
        await self._q.revoke_family(token_id, "logout", now)

    async def authenticate(self, credential: str) -> Principal:
        """The principal behind an access token, anonymous session token or API key.

        Raises:
            AuthenticationRequired: The credential is malformed, unknown, expired or revoked.
        """
        presented = parse(credential)
        if presented is not None and presented.kind == "api_key":
            return await self._api_key_principal(presented)
        if presented is None or presented.kind not in ("access", "anonymous"):
            raise AuthenticationRequired(BAD_TOKEN)
        found = await self._q.token(presented.credential_id)
        if found is None or not self._live(found.token, presented):
            raise AuthenticationRequired(BAD_TOKEN)
        return _token_principal(found)

    def _live(self, token: TokenRow, presented: Presented) -> bool:
        if not same_digest(token.token_hash, presented.digest):
            return False
        fresh = token.expires_at > self._clock()
        return fresh and token.revoked_at is None and token.kind == presented.kind

    # Anonymous sessions

    @staticmethod
    def anonymous_principal(session_id: str) -> Principal:
        """The principal of anonymous session `session_id` (tenant `anon:<session_id>`)."""
        return anonymous_principal(session_id)

    async def issue_anonymous_token(self, session_id: str) -> str:
        """An expiring bearer token for an anonymous session (stored hashed)."""
        tenant_id = anonymous_principal(session_id).tenant_id
        minted, now = mint("anonymous"), self._clock()
        ttl = self._settings.anonymous_token_ttl_seconds
        row = token_row(
            minted,
            tenant_id,
            user_id=None,
            family_id=minted.credential_id,
            now=now,
            ttl=ttl,
            session_id=session_id,
        )
        await self._q.issue_tokens([row])
        return minted.value

    # Invitations and API keys

    async def create_invitation(
        self, admin: Principal, role: str = "member", ttl: float | None = None
    ) -> str:
        """A single-use code to join the admin's tenant with `role`; shown once."""
        require_role(admin, "admin")
        role_rank(role)
        lifetime = self._settings.invitation_ttl_seconds if ttl is None else ttl
        if not 0 < lifetime <= MAX_INVITATION_TTL:
            raise InvalidRequest(f"ttl must be between 0 and {MAX_INVITATION_TTL:.0f} seconds")
        minted, now = mint("invitation"), self._clock()
        row = InvitationRow(
            invitation_id=minted.credential_id,
            code_hash=minted.digest,
            tenant_id=admin.tenant_id,
            role=role,
            created_by=admin.subject,
            created_at=now,
            expires_at=now + lifetime,
            used_at=None,
            used_by=None,
        )
        await self._q.create_invitation(row)
        return minted.value

    async def create_api_key(
        self, admin: Principal, name: str, roles: Sequence[str] = ("member",)
    ) -> tuple[str, str]:
        """A tenant API key for a service client: `(key_id, key)`; the key is shown once."""
        require_role(admin, "admin")
        for role in roles:
            role_rank(role)
        granted = sorted(set(roles))
        if not granted:
            raise InvalidRequest("an API key needs at least one role")
        label = clean_name(name, "API key name")[:API_KEY_NAME_MAX]
        minted, now = mint("api_key"), self._clock()
        row = ApiKeyRow(
            key_id=minted.credential_id,
            key_hash=minted.digest,
            tenant_id=admin.tenant_id,
            name=label,
            roles=json.dumps(granted),
            created_by=admin.subject,
            created_at=now,
            revoked_at=None,
        )
        await self._q.create_api_key(row, granted)
        return minted.credential_id, minted.value

    async def authenticate_api_key(self, key: str) -> Principal:
        """The principal of a live API key (scoped to the key's tenant)."""
        return await self._api_key_principal(_expect(key, "api_key"))

    async def _api_key_principal(self, presented: Presented) -> Principal:
        row = await self._q.api_key(presented.credential_id)
        if row is None or row.revoked_at is not None:
            raise AuthenticationRequired(BAD_TOKEN)
        if not same_digest(row.key_hash, presented.digest):
            raise AuthenticationRequired(BAD_TOKEN)
        roles = tuple(json.loads(row.roles))
        return Principal(row.tenant_id, None, roles, token_id=row.key_id, api_key=True)

    async def revoke_api_key(self, admin: Principal, key_id: str) -> None:
        """Revoke one of the admin's tenant's keys (NotFound for any other key)."""
        require_role(admin, "admin")
        now = self._clock()
        await self._q.revoke_api_key(admin.tenant_id, key_id, admin.subject, now)

    @staticmethod
    def require_role(principal: Principal, role: str) -> None:
        """Raise Forbidden unless `principal` holds `role` or a higher one."""
        require_role(principal, role)

    # Helpers

    def _rows(
        self,
        minted: tuple[Minted, ...],
        tenant_id: str,
        user_id: str | None,
        family: str,
        now: float,
    ) -> list[TokenRow]:
        return [
            token_row(m, tenant_id, user_id=user_id, family_id=family, now=now, ttl=self._ttl(m))
            for m in minted
        ]

    def _ttl(self, minted: Minted) -> float:
        if minted.kind == "refresh":
            return self._settings.refresh_token_ttl_seconds
        return self._settings.access_token_ttl_seconds

    def _pair(self, access: Minted, refresh: Minted, now: float) -> TokenPair:
        return TokenPair(
            access_token=access.value,
            refresh_token=refresh.value,
            access_expires_at=now + self._ttl(access),
            refresh_expires_at=now + self._ttl(refresh),
            expires_in=int(self._ttl(access)),
        )


def _expect(credential: str, kind: str) -> Presented:
    presented = parse(credential)
    if presented is None or presented.kind != kind:
        raise AuthenticationRequired(BAD_TOKEN)
    return presented


def _token_principal(found: TokenAuth) -> Principal:
    token = found.token
    if token.kind == "anonymous" and token.session_id is not None:
        return anonymous_principal(token.session_id, token.token_id)
    if token.user_id is None or found.role is None or found.user_status != "active":
        raise AuthenticationRequired(BAD_TOKEN)
    return Principal(token.tenant_id, token.user_id, (found.role,), token_id=token.token_id)


def _user(row: UserRow) -> User:
    return User(row.user_id, row.tenant_id, row.email, row.name, row.role, row.created_at)


def _tenant(row: TenantRow) -> Tenant:
    return Tenant(row.tenant_id, row.name, row.created_at)


__all__ = ["SecurityGuard"]
