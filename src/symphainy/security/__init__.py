"""Security: SecurityGuard (identity, tenancy, roles), TrafficCop (limits), service tokens."""

from __future__ import annotations

from symphainy.security._accounts import AccountChecks
from symphainy.security._encoding import b64url_decode, b64url_encode
from symphainy.security._guard import SecurityGuard
from symphainy.security._principal import (
    ANONYMOUS_PREFIX,
    ROLES,
    Principal,
    PrincipalKind,
    Tenant,
    TokenPair,
    User,
    anonymous_principal,
    require_role,
    role_rank,
)
from symphainy.security._service_tokens import (
    Secret,
    load_or_create_service_secret,
    mint_service_token,
    verify_service_token,
)
from symphainy.security._team import ApiKeyInfo, InvitationInfo, Member, Role, Team, UserStatus
from symphainy.security._traffic import TrafficCop

__all__ = [
    "ANONYMOUS_PREFIX",
    "ROLES",
    "AccountChecks",
    "ApiKeyInfo",
    "InvitationInfo",
    "Member",
    "Principal",
    "PrincipalKind",
    "Role",
    "Secret",
    "SecurityGuard",
    "Team",
    "Tenant",
    "TokenPair",
    "TrafficCop",
    "User",
    "UserStatus",
    "anonymous_principal",
    "b64url_decode",
    "b64url_encode",
    "load_or_create_service_secret",
    "mint_service_token",
    "require_role",
    "role_rank",
    "verify_service_token",
]
