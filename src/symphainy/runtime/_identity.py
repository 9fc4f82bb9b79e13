"""IdentityService: what security intents may do with accounts, reached as `ctx.identity`.

Capabilities may not import the store or the security package, so the runtime hands them this
narrow service. Every method takes the caller's tenant from the execution (the credential it
was submitted with), never from parameters, and every credential check is rate-limited by the
TrafficCop per submitting tenant, as the gateway's sign-in routes are per IP, and per email:
a password check under the per-account sign-in throttle, the others per email budget.
"""

from __future__ import annotations

from symphainy.config import Settings
from symphainy.errors import AuthenticationRequired, Forbidden
from symphainy.security import (
    ANONYMOUS_PREFIX,
    ROLES,
    AccountChecks,
    Principal,
    SecurityGuard,
    Tenant,
    TrafficCop,
    User,
)
from symphainy.security._lockout import account_key
from symphainy.security._passwords import normalise_email
from symphainy.store import Store

BAD_TOKEN = "the credential is invalid, expired or revoked"


class IdentityService:
    """Accounts, credentials and sessions, scoped to the calling execution's tenant."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.guard = SecurityGuard(store, settings)
        self.checks = AccountChecks(store, settings)
        self.traffic = TrafficCop(settings)

    @staticmethod
    def is_anonymous(tenant_id: str) -> bool:
        """Whether `tenant_id` is an anonymous session's pseudo-tenant."""
        return tenant_id.startswith(ANONYMOUS_PREFIX)

    @property
    def roles(self) -> tuple[str, ...]:
        """The role ladder, least privileged first."""
        return ROLES

    @staticmethod
    def normalised_email(email: str) -> str:
        """An address as accounts compare it (trimmed, NFKC, lowercase); InvalidRequest if bad."""
        return normalise_email(email)

    async def authenticate(self, caller_tenant: str, email: str, password: str) -> User:
        """The user these credentials belong to (no token issued); AuthenticationRequired if not.

        Throttled per submitting tenant (as the gateway's sign-in is per IP) and per account by
        the same `TrafficCop.sign_in` as `/api/auth/login`; the submitting tenant is the source.
        """
        await self.traffic.check_attempt(f"tenant:{caller_tenant}")
        return await self.traffic.sign_in(
            email, f"tenant:{caller_tenant}", lambda: self.checks.verify(email, password)
        )

    async def email_available(self, caller_tenant: str, email: str) -> bool:
        """Whether an address is free (rate-limited: it reveals whether an account exists)."""
        await self._attempt(caller_tenant, email)
        return await self.checks.email_available(email)

    async def register(
        self,
        caller_tenant: str,
        email: str,
        password: str,
        name: str,
        tenant_name: str | None,
        invitation_code: str | None,
    ) -> tuple[User, Tenant]:
        """A new account in a new tenant, or in the invitation's tenant."""
        await self._attempt(caller_tenant, email)
        return await self.guard.register(email, password, name, tenant_name, invitation_code)

    async def add_user(
        self, tenant_id: str, admin_user_id: str | None, email: str, password: str, role: str
    ) -> User:
        """An admin of `tenant_id` adds an account to it (Forbidden for anyone else)."""
        admin = await self.user(tenant_id, admin_user_id) if admin_user_id else None
        if admin is None:
            raise Forbidden("only a signed-in admin can add users to a tenant")
        await self._attempt(tenant_id, email)
        principal = Principal(tenant_id, admin.user_id, (admin.role,))
        return await self.guard.create_user(principal, email, password, role)

    async def user(self, tenant_id: str, user_id: str) -> User | None:
        """An active user of `tenant_id`, or None (another tenant's users do not exist here)."""
        return await self.checks.user(tenant_id, user_id)

    async def inspect_token(self, token: str) -> Principal | None:
        """The principal behind a live credential, or None for an invalid one."""
        try:
            return await self.guard.authenticate(token)
        except AuthenticationRequired:
            return None

    async def end_session(self, caller_tenant: str, token: str) -> None:
        """Revoke a token of the caller's tenant together with its login (logout)."""
        await self._own(caller_tenant, token)
        await self.guard.logout(token)

    async def extend_session(self, caller_tenant: str, token: str) -> float:
        """Slide a token of the caller's tenant forward; return its new expiry (epoch seconds)."""
        principal = await self._own(caller_tenant, token)
        if principal.token_id is None or principal.api_key:
            raise AuthenticationRequired("API keys do not expire and cannot be extended")
        return await self.checks.extend(caller_tenant, principal.token_id, principal.anonymous)

    async def aclose(self) -> None:
        """Release the TrafficCop's Redis pool, if any."""
        await self.traffic.aclose()

    async def _own(self, caller_tenant: str, token: str) -> Principal:
        principal = await self.inspect_token(token)
        # Another tenant's live token looks exactly like a dead one: no cross-tenant oracle.
        if principal is None or principal.tenant_id != caller_tenant:
            raise AuthenticationRequired(BAD_TOKEN)
        return principal

    async def _attempt(self, caller_tenant: str, email: str) -> None:
        await self.traffic.check_attempt(f"tenant:{caller_tenant}")
        await self.traffic.check_attempt(f"email:{account_key(email)}")


__all__ = ["IdentityService"]
