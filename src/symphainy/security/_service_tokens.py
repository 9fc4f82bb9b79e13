"""Signed service tokens: how services prove a principal (tenant, user, roles) to the Runtime API.

A token is three dot-separated parts::

    sst1.<base64url(payload)>.<base64url(HMAC-SHA256(secret, "sst1." + base64url(payload)))>

The payload is compact JSON with sorted keys: `tenant_id`, `user_id`, `roles`, `anonymous`,
`iat`, `exp` and, when set, `session_id` and `kid` (which key of a key ring signed it). The
tenant a request acts in comes only from here, never from a request body or query string.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Mapping
from typing import Any, TypeAlias

from symphainy.config import Settings
from symphainy.errors import AuthenticationRequired, ConfigurationError
from symphainy.security._encoding import b64url_decode, b64url_encode
from symphainy.security._principal import Principal

TOKEN_PREFIX = "sst1"
CLOCK_SKEW_SECONDS = 30.0
MIN_SECRET_BYTES = 16
SECRET_FILE = "service_secret"

Secret: TypeAlias = bytes | Mapping[str, bytes]
"""One shared secret, or a key ring `{kid: secret}` for rotation."""


def mint_service_token(
    secret: Secret,
    principal: Principal,
    ttl: float,
    *,
    kid: str | None = None,
    now: float | None = None,
) -> str:
    """Sign a token for `principal`, valid for `ttl` seconds (`kid` picks the ring key)."""
    if ttl <= 0:
        raise ValueError("ttl must be positive")
    issued = time.time() if now is None else now
    payload: dict[str, Any] = {
        "tenant_id": principal.tenant_id,
        "user_id": principal.user_id,
        "roles": list(principal.roles),
        "anonymous": principal.anonymous,
        "iat": int(issued),
        "exp": int(issued + ttl),
    }
    if principal.session_id is not None:
        payload["session_id"] = principal.session_id
    if kid is not None:
        payload["kid"] = kid
    body = b64url_encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    signing_input = f"{TOKEN_PREFIX}.{body}"
    return f"{signing_input}.{b64url_encode(_mac(_key(secret, kid), signing_input))}"


def verify_service_token(
    secret: Secret,
    token: str,
    *,
    now: float | None = None,
    leeway: float = CLOCK_SKEW_SECONDS,
) -> Principal:
    """The token's principal; AuthenticationRequired if malformed, forged or expired."""
    prefix, body, signature = _split(token)
    payload = _decode_payload(body)
    kid = payload.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise _invalid("malformed key id")
    expected = _mac(_key(secret, kid, verifying=True), f"{prefix}.{body}")
    if not hmac.compare_digest(expected, _unb64(signature)):
        raise _invalid("bad signature")
    _check_times(payload, time.time() if now is None else now, leeway)
    return _principal(payload)


def load_or_create_service_secret(settings: Settings) -> bytes:
    """`settings.service_secret`, else `home/service_secret` (created with mode 0600)."""
    configured = settings.service_secret.get_secret_value()
    if configured:
        return _long_enough(configured.encode(), "SYMPHAINY_SERVICE_SECRET")
    path = settings.home / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _long_enough(path.read_bytes().strip(), str(path))
    secret = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret)
    return secret.encode()


def _long_enough(secret: bytes, source: str) -> bytes:
    if len(secret) < MIN_SECRET_BYTES:
        raise ConfigurationError(f"service secret from {source} is shorter than 16 bytes")
    return secret


def _key(secret: Secret, kid: str | None, *, verifying: bool = False) -> bytes:
    if isinstance(secret, bytes):
        return secret
    if kid is None or kid not in secret:
        if verifying:
            raise _invalid("unknown signing key")
        raise ValueError("a key ring needs the kid of a key it holds")
    return secret[kid]


def _mac(key: bytes, signing_input: str) -> bytes:
    return hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not all(parts):
        raise _invalid("not a service token")
    return parts[0], parts[1], parts[2]


def _decode_payload(body: str) -> dict[str, Any]:
    try:
        payload = json.loads(_unb64(body))
    except ValueError:
        raise _invalid("malformed payload") from None
    if not isinstance(payload, dict):
        raise _invalid("malformed payload")
    return payload


def _check_times(payload: dict[str, Any], now: float, leeway: float) -> None:
    exp, iat = payload.get("exp"), payload.get("iat")
    if type(exp) is not int or type(iat) is not int:  # bool is not a timestamp
        raise _invalid("missing exp/iat")
    if now > exp + leeway:
        raise _invalid("token expired")
    if iat > now + leeway:
        raise _invalid("token issued in the future")


def _principal(payload: dict[str, Any]) -> Principal:
    tenant, user = payload.get("tenant_id"), payload.get("user_id")
    roles, anonymous = payload.get("roles", []), payload.get("anonymous", False)
    session = payload.get("session_id")
    if not isinstance(tenant, str) or not tenant:
        raise _invalid("missing tenant")
    ok = (
        (user is None or isinstance(user, str))
        and isinstance(roles, list)
        and all(isinstance(r, str) for r in roles)
        and isinstance(anonymous, bool)
        and (session is None or isinstance(session, str))
    )
    if not ok:
        raise _invalid("malformed claims")
    return Principal(tenant, user, tuple(roles), anonymous, session)


def _invalid(reason: str) -> AuthenticationRequired:
    return AuthenticationRequired(f"invalid service token: {reason}")


def _unb64(text: str) -> bytes:
    try:
        return b64url_decode(text)
    except ValueError:
        raise _invalid("bad encoding") from None
