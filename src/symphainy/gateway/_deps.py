"""What the Experience service needs, and the request dependencies built from it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from symphainy.config import Settings
from symphainy.errors import AuthenticationRequired
from symphainy.observability import Gauges
from symphainy.sdk import ExperienceSDK
from symphainy.security import Principal, SecurityGuard, Team, TrafficCop, require_role

SDKFactory = Callable[[Principal], ExperienceSDK]


@dataclass(frozen=True)
class GatewayDeps:
    """The Experience service's collaborators (built at boot, Φ4)."""

    settings: Settings
    guard: SecurityGuard
    traffic: TrafficCop
    sdk_for: SDKFactory
    readiness: Callable[[], Awaitable[dict[str, Any]]]
    gauges: Gauges
    """Platform gauges for /metrics (executions by state, queue depth, workers)."""
    team: Team
    """Admins' view and changes of their tenant's members, invitations and API keys."""


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AccessToken",
    description="An access token from /api/auth/login, an anonymous session token, or an API key.",
)


def deps_of(request: Request) -> GatewayDeps:
    """The app's GatewayDeps."""
    deps: GatewayDeps = request.app.state.deps
    return deps


def client_ip(request: Request) -> str:
    """The caller's address (X-Forwarded-For only from configured proxies)."""
    peer = request.client.host if request.client is not None else "0.0.0.0"
    return deps_of(request).traffic.client_ip(peer, request.headers)


async def _principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    deps = deps_of(request)
    ip = client_ip(request)
    if credentials is None:
        await deps.traffic.check_ip(ip)
        raise AuthenticationRequired("send `Authorization: Bearer <token>`")
    principal = await deps.guard.authenticate(credentials.credentials)
    await deps.traffic.check(ip, principal.tenant_id)
    request.state.principal = principal
    return principal


async def _user(principal: Annotated[Principal, Depends(_principal)]) -> Principal:
    require_role(principal, "member")
    return principal


async def _admin(principal: Annotated[Principal, Depends(_principal)]) -> Principal:
    require_role(principal, "admin")
    return principal


async def _sdk(
    request: Request, principal: Annotated[Principal, Depends(_principal)]
) -> ExperienceSDK:
    return deps_of(request).sdk_for(principal)


async def _user_sdk(
    request: Request, principal: Annotated[Principal, Depends(_user)]
) -> ExperienceSDK:
    return deps_of(request).sdk_for(principal)


async def _admin_sdk(
    request: Request, principal: Annotated[Principal, Depends(_admin)]
) -> ExperienceSDK:
    return deps_of(request).sdk_for(principal)


async def _auth_limit(request: Request) -> None:
    await deps_of(request).traffic.check_auth(client_ip(request))


Caller = Annotated[Principal, Depends(_principal)]
User = Annotated[Principal, Depends(_user)]
Admin = Annotated[Principal, Depends(_admin)]
SDK = Annotated[ExperienceSDK, Depends(_sdk)]
UserSDK = Annotated[ExperienceSDK, Depends(_user_sdk)]
"""The SDK of a signed-in member (an anonymous session or a viewer is refused)."""
AdminSDK = Annotated[ExperienceSDK, Depends(_admin_sdk)]
"""The SDK of a tenant's admin (anyone else is refused before the operation runs)."""
AuthLimited = Depends(_auth_limit)
