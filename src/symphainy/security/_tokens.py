"""Opaque credentials: `<prefix><id>.<secret>`, random, stored only as their SHA-256.

The id lets the store find the record; the secret never leaves the caller. Comparing the
stored digest with the presented one is constant-time. The prefixes make leaked credentials
easy for secret scanners to spot and tell the kinds apart before any lookup.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Literal

from symphainy.store import TokenRow

CredentialKind = Literal["access", "refresh", "anonymous", "api_key", "invitation"]

PREFIXES: dict[CredentialKind, str] = {
    "access": "sym_at_",
    "refresh": "sym_rt_",
    "anonymous": "sym_an_",
    "api_key": "sym_ak_",
    "invitation": "sym_iv_",
}
SECRET_BYTES = 32
MAX_LENGTH = 256
_BODY = re.compile(r"([0-9a-f]{32})\.([A-Za-z0-9_-]{43,})")


@dataclass(frozen=True, slots=True)
class Minted:
    """A new credential: the string for the caller, and the id and digest for the store."""

    kind: CredentialKind
    credential_id: str
    value: str
    digest: str


@dataclass(frozen=True, slots=True)
class Presented:
    """A well-formed credential someone presented (not yet checked against the store)."""

    kind: CredentialKind
    credential_id: str
    digest: str


def digest(value: str) -> str:
    """SHA-256 of a credential string, hex-encoded."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_id() -> str:
    """A random 128-bit identifier, hex-encoded."""
    return uuid.uuid4().hex


def mint(kind: CredentialKind, credential_id: str | None = None) -> Minted:
    """Make a fresh credential of `kind` (256 random bits of secret)."""
    cid = credential_id or new_id()
    value = f"{PREFIXES[kind]}{cid}.{secrets.token_urlsafe(SECRET_BYTES)}"
    return Minted(kind, cid, value, digest(value))


def parse(value: str) -> Presented | None:
    """Recognise a credential's kind and id from its shape; None if it is not one of ours."""
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        return None
    for kind, prefix in PREFIXES.items():
        if value.startswith(prefix):
            match = _BODY.fullmatch(value, len(prefix))
            if match is None:
                return None
            return Presented(kind, match.group(1), digest(value))
    return None


def token_row(
    minted: Minted,
    tenant_id: str,
    *,
    user_id: str | None,
    family_id: str,
    now: float,
    ttl: float,
    session_id: str | None = None,
) -> TokenRow:
    """The store record of a freshly minted token (its digest, never its value)."""
    return TokenRow(
        token_id=minted.credential_id,
        token_hash=minted.digest,
        kind=minted.kind,
        tenant_id=tenant_id,
        user_id=user_id,
        session_id=session_id,
        family_id=family_id,
        created_at=now,
        expires_at=now + ttl,
        revoked_at=None,
        revoked_reason=None,
    )


def same_digest(stored: str, presented: str) -> bool:
    """Constant-time comparison of two digests."""
    return hmac.compare_digest(stored.encode(), presented.encode())


__all__ = [
    "PREFIXES",
    "CredentialKind",
    "Minted",
    "Presented",
    "digest",
    "mint",
    "new_id",
    "parse",
    "same_digest",
    "token_row",
]
