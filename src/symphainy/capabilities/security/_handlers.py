"""Security intent handlers: thin, over `ctx.identity` (tenant from the credential)."""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.security import _models as m
from symphainy.errors import AuthenticationRequired, Forbidden, InvalidRequest, NotFound
from symphainy.runtime import ExecutionContext

# What each role may do, as the Experience service enforces it (gateway/_deps.py): any
# principal reads and submits intents; `User` routes (sessions, uploads, pending intents) need
# member; `Admin` routes (invitations, API keys) need admin.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "viewer": ("read", "invoke_intents"),
    "member": ("create_sessions", "upload_files", "create_pending_intents"),
    "admin": ("manage_invitations", "manage_api_keys", "manage_users"),
}
PERMISSIONS = frozenset(p for perms in ROLE_PERMISSIONS.values() for p in perms)


def _identity(u: Any) -> dict[str, Any]:
    return {
        "user_id": u.user_id,
        "tenant_id": u.tenant_id,
        "email": u.email,
        "name": u.name,
        "roles": [u.role],
    }


async def authenticate_user(
    ctx: ExecutionContext, p: m.AuthenticateUserParams
) -> m.AuthenticateUserResult:
    """Check email and password; issue nothing."""
    ids = ctx.identity
    user = await ids.authenticate(ctx.tenant_id, p.email, p.password.get_secret_value())
    return m.AuthenticateUserResult(**_identity(user))


async def validate_token(ctx: ExecutionContext, p: m.ValidateTokenParams) -> m.ValidateTokenResult:
    """Whether a credential of the caller's own tenant is live, and whose."""
    found = await ctx.identity.inspect_token(p.token.get_secret_value())
    # Another tenant's live credential reads exactly like a dead one: the intent is anonymous_ok,
    # so answering for it would tell anyone the tenant and roles behind any token they hold.
    if found is None or found.tenant_id != ctx.tenant_id:
        return m.ValidateTokenResult(valid=False)
    return m.ValidateTokenResult(
        valid=True,
        kind=found.kind,
        tenant_id=found.tenant_id,
        user_id=found.user_id,
        roles=list(found.roles),
    )


async def create_user_account(
    ctx: ExecutionContext, p: m.CreateUserAccountParams
) -> m.CreateUserAccountResult:
    """Anonymous caller: register (new tenant or invitation). Signed-in admin: add a user."""
    # ctx.user_id is the credential's user: set for signed-in users, None for API keys.
    ids, password = ctx.identity, p.password.get_secret_value()
    if not ids.is_anonymous(ctx.tenant_id) and ctx.user_id is None:
        raise Forbidden("API keys cannot create accounts; a tenant admin can")
    if ids.is_anonymous(ctx.tenant_id):
        if p.role is not None:
            raise InvalidRequest("role is set by the tenant's admin or the invitation")
        code = p.invitation_code.get_secret_value() if p.invitation_code else None
        user, tenant = await ids.register(
            ctx.tenant_id, p.email, password, p.name, p.tenant_name, code
        )
        return m.CreateUserAccountResult(
            **_identity(user), created_tenant=code is None, tenant_name=tenant.name
        )
    if p.tenant_name is not None or p.invitation_code is not None:
        raise InvalidRequest("a signed-in admin adds users to their own tenant: no tenant_name")
    added = await ids.add_user(ctx.tenant_id, ctx.user_id, p.email, password, p.role or "member")
    return m.CreateUserAccountResult(**_identity(added), created_tenant=False)


async def check_email_availability(
    ctx: ExecutionContext, p: m.CheckEmailAvailabilityParams
) -> m.CheckEmailAvailabilityResult:
    """Whether an address is free to register."""
    ids = ctx.identity
    available = await ids.email_available(ctx.tenant_id, p.email)
    return m.CheckEmailAvailabilityResult(email=ids.normalised_email(p.email), available=available)


async def validate_authorization(
    ctx: ExecutionContext, p: m.ValidateAuthorizationParams
) -> m.ValidateAuthorizationResult:
    """Whether a user of the caller's tenant holds the roles and permissions asked about."""
    if unknown := sorted(set(p.required_permissions) - PERMISSIONS):
        raise InvalidRequest(f"unknown permissions {unknown}; known: {sorted(PERMISSIONS)}")
    user_id = p.user_id or ctx.user_id
    if user_id is None:
        raise AuthenticationRequired("name a user_id, or sign in as a user")
    user = await ctx.identity.user(ctx.tenant_id, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    roles = ctx.identity.roles
    rank = roles.index(user.role)
    granted = [perm for r in roles[: rank + 1] for perm in ROLE_PERMISSIONS[r]]
    missing_roles = [r for r in p.required_roles if roles.index(r) > rank]
    missing_perms = [x for x in p.required_permissions if x not in granted]
    return m.ValidateAuthorizationResult(
        user_id=user.user_id,
        role=user.role,
        authorized=not missing_roles and not missing_perms,
        permissions=granted,
        missing_roles=missing_roles,
        missing_permissions=missing_perms,
    )


async def terminate_session(
    ctx: ExecutionContext, p: m.SessionTokenParams
) -> m.TerminateSessionResult:
    """Log out: revoke the token and every token of the same login."""
    await ctx.identity.end_session(ctx.tenant_id, p.session_token.get_secret_value())
    return m.TerminateSessionResult()


async def refresh_session(ctx: ExecutionContext, p: m.SessionTokenParams) -> m.RefreshSessionResult:
    """Extend the session: slide the token's expiry forward (no new token is issued)."""
    ids = ctx.identity
    until = await ids.extend_session(ctx.tenant_id, p.session_token.get_secret_value())
    return m.RefreshSessionResult(expires_at=until)
