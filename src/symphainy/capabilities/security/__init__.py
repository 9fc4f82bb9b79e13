"""Security capability: credentials, accounts, authorization and sessions, as intents.

The Experience service's `/api/auth/*` routes remain the way to sign in (they issue tokens);
these intents answer questions and change accounts without ever returning or storing a
secret. Changes from upstream are listed in `docs/capabilities/security.md`.
"""

from __future__ import annotations

from pydantic import BaseModel

from symphainy.capabilities.security import _handlers as h
from symphainy.capabilities.security import _models as m
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "security"
EXPERIENCE = "security_gateway"
ONCE = RetryPolicy(max_attempts=1)


def _spec(
    intent_type: str,
    params: type[m.Params],
    result: type[BaseModel],
    description: str,
    *,
    anonymous_ok: bool = True,
    obligations: tuple[str, ...] = ("identity.read",),
) -> IntentSpec:
    return IntentSpec(
        intent_type,
        params,
        result,
        REALM,
        description,
        anonymous_ok=anonymous_ok,
        retry=ONCE,
        timeout_seconds=30,
        experience=EXPERIENCE,
        obligations=obligations,
    )


def _specs() -> list[tuple[IntentSpec, Handler]]:
    return [
        (
            _spec(
                "authenticate_user",
                m.AuthenticateUserParams,
                m.AuthenticateUserResult,
                "Check an email and password (rate-limited); issues no token.",
            ),
            h.authenticate_user,
        ),
        (
            _spec(
                "validate_token",
                m.ValidateTokenParams,
                m.ValidateTokenResult,
                "Whether a bearer token or API key of your own tenant is live, and whose it is; "
                "any other tenant's credential reads as invalid.",
            ),
            h.validate_token,
        ),
        (
            _spec(
                "create_user_account",
                m.CreateUserAccountParams,
                m.CreateUserAccountResult,
                "Register (new tenant, or join with an invitation code), or, as a tenant "
                "admin, add a user to your tenant.",
                obligations=("identity.write", "wal.append"),
            ),
            h.create_user_account,
        ),
        (
            _spec(
                "check_email_availability",
                m.CheckEmailAvailabilityParams,
                m.CheckEmailAvailabilityResult,
                "Whether an email address is free to register (rate-limited).",
            ),
            h.check_email_availability,
        ),
        (
            _spec(
                "validate_authorization",
                m.ValidateAuthorizationParams,
                m.ValidateAuthorizationResult,
                "Whether a user of your tenant holds the given roles and permissions.",
                anonymous_ok=False,
            ),
            h.validate_authorization,
        ),
        (
            _spec(
                "terminate_session",
                m.SessionTokenParams,
                m.TerminateSessionResult,
                "Log out: revoke a session token of your tenant and its whole login.",
                obligations=("identity.write", "wal.append"),
            ),
            h.terminate_session,
        ),
        (
            _spec(
                "refresh_session",
                m.SessionTokenParams,
                m.RefreshSessionResult,
                "Extend a live session token of your tenant (capped by its login's lifetime).",
                obligations=("identity.write", "wal.append"),
            ),
            h.refresh_session,
        ),
    ]


def register(registry: IntentRegistry) -> None:
    """Register the security intents."""
    for spec, handler in _specs():
        registry.register(spec, handler)
