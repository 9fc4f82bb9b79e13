"""Parameter and result models of the security intents (the contract, as code).

Secrets (passwords, tokens, invitation codes) are `SecretStr`: the runtime stores them masked
and hands the real value only to the worker in memory (see `runtime/_secrets.py`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

Role = Literal["viewer", "member", "admin"]


class Params(BaseModel):
    """Intent parameters refuse unknown fields (no `tenant_id` smuggling)."""

    model_config = ConfigDict(extra="forbid")


class AuthenticateUserParams(Params):
    """Credentials to check."""

    email: str = Field(min_length=3, max_length=254)
    password: SecretStr = Field(min_length=1, max_length=128)


class UserIdentity(BaseModel):
    """Who an account is (never its password or hash)."""

    user_id: str
    tenant_id: str
    email: str
    name: str
    roles: list[str]


class AuthenticateUserResult(UserIdentity):
    """The credentials are valid; no token is issued (sign in through `/api/auth/login`)."""

    authenticated: Literal[True] = True


class ValidateTokenParams(Params):
    """A credential to inspect: access token, anonymous session token or API key."""

    token: SecretStr = Field(min_length=1, max_length=512)


class ValidateTokenResult(BaseModel):
    """Whether the credential is live in the caller's tenant, and whose it is when it is.

    A credential of another tenant is answered `valid: false`, exactly like a dead one.
    """

    valid: bool
    kind: Literal["user", "api_key", "anonymous"] | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    roles: list[str] = Field(default_factory=list)


class CreateUserAccountParams(Params):
    """Self-registration (anonymous caller) or an admin adding a user to their own tenant."""

    email: str = Field(min_length=3, max_length=254)
    password: SecretStr = Field(min_length=8, max_length=128)
    name: str = Field(min_length=1, max_length=128)
    tenant_name: str | None = Field(default=None, max_length=128)
    invitation_code: SecretStr | None = Field(default=None, max_length=256)
    role: Role | None = None


class CreateUserAccountResult(UserIdentity):
    """The account; `created_tenant` when self-registration founded a new tenant."""

    created_tenant: bool
    tenant_name: str | None = None


class CheckEmailAvailabilityParams(Params):
    """An address to check."""

    email: str = Field(min_length=3, max_length=254)


class CheckEmailAvailabilityResult(BaseModel):
    """The address as compared (trimmed, NFKC, lowercase) and whether it is free."""

    email: str
    available: bool


class ValidateAuthorizationParams(Params):
    """Check a user of the caller's tenant (the caller by default) against roles/permissions."""

    user_id: str | None = Field(default=None, max_length=64)
    required_roles: list[Role] = Field(default_factory=list, max_length=3)
    required_permissions: list[str] = Field(default_factory=list, max_length=32)


class ValidateAuthorizationResult(BaseModel):
    """The verdict and why."""

    user_id: str
    role: str
    authorized: bool
    permissions: list[str]
    missing_roles: list[str]
    missing_permissions: list[str]


class SessionTokenParams(Params):
    """The session's bearer token (an access or anonymous session token of the caller's tenant)."""

    session_token: SecretStr = Field(min_length=1, max_length=512)


class TerminateSessionResult(BaseModel):
    """The token and its login are revoked."""

    terminated: Literal[True] = True


class RefreshSessionResult(BaseModel):
    """The session's token now expires later (capped by its login's refresh token)."""

    refreshed: Literal[True] = True
    expires_at: float
