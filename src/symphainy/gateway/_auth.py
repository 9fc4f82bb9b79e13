"""Auth routes: register, login, logout, refresh, me; admin: invitations and API keys."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field

from symphainy.gateway._deps import Admin, AuthLimited, Caller, client_ip, deps_of
from symphainy.security import TokenPair
from symphainy.web import PathId, api_router

router = api_router(prefix="/api", tags=["auth"])


class Strict(BaseModel):
    """Request bodies refuse unknown fields (no `tenant_id` smuggling)."""

    model_config = ConfigDict(extra="forbid")


class RegisterRequest(Strict):
    """A new account: a new tenant, or joining one with an invitation code."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=8, max_length=128)
    name: str = Field(min_length=1, max_length=128)
    tenant_name: str | None = Field(default=None, max_length=128)
    invitation_code: str | None = Field(default=None, max_length=256)


class LoginRequest(Strict):
    """Email and password."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=128)


class RefreshRequest(Strict):
    """A refresh token (rotated on use)."""

    refresh_token: str = Field(min_length=1, max_length=512)


class InvitationRequest(Strict):
    """Invite someone into the caller's tenant."""

    role: Literal["viewer", "member", "admin"] = "member"
    ttl_seconds: float = Field(default=7 * 86400, gt=0, le=90 * 86400)


class ApiKeyRequest(Strict):
    """A service credential for the caller's tenant."""

    name: str = Field(min_length=1, max_length=128)
    roles: list[Literal["viewer", "member", "admin"]] = Field(default=["member"], min_length=1)


def _tokens(pair: TokenPair, extra: dict[str, Any]) -> dict[str, Any]:
    return {**asdict(pair), **extra}


@router.post("/auth/register", status_code=201, dependencies=[AuthLimited])
async def register(body: RegisterRequest, request: Request) -> dict[str, Any]:
    """Create an account, then sign in."""
    guard = deps_of(request).guard
    user, tenant = await guard.register(
        body.email, body.password, body.name, body.tenant_name, body.invitation_code
    )
    pair = await guard.login(body.email, body.password)
    return _tokens(pair, {"user": asdict(user), "tenant": asdict(tenant)})


@router.post("/auth/login", dependencies=[AuthLimited])
async def login(body: LoginRequest, request: Request) -> dict[str, Any]:
    """Exchange credentials for an access and a refresh token.

    Throttled per client IP and per account: after a few wrong passwords for one account, from
    any addresses, its sign-ins are refused (429) for a delay that doubles up to a cap.
    """
    deps = deps_of(request)
    guard, traffic = deps.guard, deps.traffic
    source = traffic.address_source(client_ip(request))
    pair = await traffic.sign_in(body.email, source, lambda: guard.login(body.email, body.password))
    principal = await guard.authenticate(pair.access_token)
    return _tokens(
        pair,
        {
            "user_id": principal.user_id,
            "tenant_id": principal.tenant_id,
            "roles": list(principal.roles),
        },
    )


@router.post("/auth/refresh", dependencies=[AuthLimited])
async def refresh(body: RefreshRequest, request: Request) -> dict[str, Any]:
    """Rotate a refresh token; reuse of an old one revokes the whole login."""
    return asdict(await deps_of(request).guard.refresh(body.refresh_token))


@router.post("/auth/logout", status_code=204)
async def logout(request: Request, caller: Caller) -> None:
    """Revoke the presented token (and its login family)."""
    token = request.headers["authorization"].split(" ", 1)[1].strip()
    await deps_of(request).guard.logout(token)


@router.get("/auth/me")
async def me(request: Request, caller: Caller) -> dict[str, Any]:
    """Who the token belongs to."""
    if caller.anonymous or caller.user_id is None:
        return {
            "anonymous": caller.anonymous,
            "tenant_id": caller.tenant_id,
            "session_id": caller.session_id,
            "roles": list(caller.roles),
        }
    user = await deps_of(request).guard.me(caller)
    return {**asdict(user), "anonymous": False, "roles": list(caller.roles)}


@router.post("/admin/invitations", status_code=201, tags=["admin"])
async def create_invitation(
    body: InvitationRequest, request: Request, admin: Admin
) -> dict[str, Any]:
    """An invitation code into the caller's tenant (admin only); shown once."""
    code = await deps_of(request).guard.create_invitation(admin, body.role, body.ttl_seconds)
    return {"invitation_code": code, "role": body.role}


@router.post("/admin/api-keys", status_code=201, tags=["admin"])
async def create_api_key(body: ApiKeyRequest, request: Request, admin: Admin) -> dict[str, Any]:
    """An API key for service clients of the caller's tenant (admin only); shown once."""
    key_id, secret = await deps_of(request).guard.create_api_key(
        admin, body.name, tuple(body.roles)
    )
    return {"key_id": key_id, "api_key": secret, "roles": body.roles}


@router.delete("/admin/api-keys/{key_id}", status_code=204, tags=["admin"])
async def revoke_api_key(key_id: PathId, request: Request, admin: Admin) -> None:
    """Revoke an API key of the caller's tenant (admin only)."""
    await deps_of(request).guard.revoke_api_key(admin, key_id)
