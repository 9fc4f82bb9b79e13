"""Signed WAL checkpoints: an external anchor for a tenant's hash chain.

The chain alone cannot show that its newest entries were deleted and the head moved back: what
is left is still a valid chain. A checkpoint records the head at one moment, signed with the
service secret, so an operator who kept it can later prove the chain still reaches it::

    wcp1.<base64url(payload)>.<base64url(HMAC-SHA256(key, "wcp1." + base64url(payload)))>

where `key` is HMAC-SHA256(service secret, "symphainy wal checkpoint"). The payload is compact
JSON with sorted keys: `tenant_id`, `seq`, `head_hash`, `entries`, `issued_at` and `kid`. `kid`
names the signing key: the ring key's id for a key ring, else a fingerprint of the single
secret (so a checkpoint signed before a rotation is refused by name, not as a forgery).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from symphainy.errors import InvalidCheckpoint
from symphainy.security import Secret, b64url_decode, b64url_encode

PREFIX = "wcp1"
_HASH = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"tenant_id": str, "seq": int, "head_hash": str, "entries": int, "issued_at": int}


@dataclass(frozen=True, slots=True)
class WalCheckpoint:
    """A tenant's chain head at `issued_at`, as a signed checkpoint recorded it."""

    tenant_id: str
    seq: int
    head_hash: str
    entries: int
    issued_at: int
    kid: str


def sign_wal_checkpoint(
    secret: Secret,
    tenant_id: str,
    head: tuple[int, str],
    issued_at: float,
    *,
    kid: str | None = None,
) -> str:
    """The checkpoint token for `head` (seq, hash); `kid` picks the key of a key ring."""
    kid, key = _signing_key(secret, kid)
    seq, head_hash = head
    checkpoint = WalCheckpoint(tenant_id, seq, head_hash, seq, int(issued_at), kid)
    raw = json.dumps(asdict(checkpoint), separators=(",", ":"), sort_keys=True).encode()
    body = b64url_encode(raw)
    mac = b64url_encode(_mac(key, body))
    return f"{PREFIX}.{body}.{mac}"


def read_wal_checkpoint(secret: Secret, token: str) -> WalCheckpoint:
    """The checkpoint in `token`; InvalidCheckpoint if it is malformed, forged or altered."""
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not all(parts):
        raise _invalid("not a wcp1 token")
    body, mac = parts[1], _unb64(parts[2])
    payload = _payload(_unb64(body))
    key = _verifying_key(secret, payload["kid"])
    if not hmac.compare_digest(_mac(key, body), mac):
        raise _invalid("bad signature (altered, or not issued with this service secret)")
    return WalCheckpoint(**payload)


def key_id(secret: bytes) -> str:
    """The fingerprint that names a single (non-ring) secret in checkpoints."""
    return hmac.new(secret, b"symphainy wal checkpoint key id", hashlib.sha256).hexdigest()[:16]


def _signing_key(secret: Secret, kid: str | None) -> tuple[str, bytes]:
    if isinstance(secret, bytes):
        return key_id(secret), secret
    if kid is None or kid not in secret:
        raise ValueError("a key ring needs the kid of a key it holds")
    return kid, secret[kid]


def _verifying_key(secret: Secret, kid: str) -> bytes:
    if isinstance(secret, Mapping):
        if kid not in secret:
            raise _invalid(f"unknown signing key {kid!r}")
        return secret[kid]
    if kid != key_id(secret):
        raise _invalid(f"signed with another key (kid {kid}; this secret is {key_id(secret)})")
    return secret


def _payload(raw: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(raw)
    except ValueError:
        raise _invalid("malformed payload") from None
    expected = {**_FIELDS, "kid": str}
    if not isinstance(payload, dict) or set(payload) != set(expected):
        raise _invalid("malformed payload")
    # `type(...) is` because a bool is an int, and a checkpoint has no booleans.
    if any(type(payload[name]) is not kind for name, kind in expected.items()):
        raise _invalid("malformed payload")
    if payload["seq"] < 0 or not _HASH.fullmatch(payload["head_hash"]):
        raise _invalid("malformed payload")
    return payload


def _mac(key: bytes, body: str) -> bytes:
    # A key of its own, derived from the service secret: no checkpoint MAC is ever a MAC any
    # other use of that secret (service tokens) would accept.
    subkey = hmac.new(key, b"symphainy wal checkpoint", hashlib.sha256).digest()
    return hmac.new(subkey, f"{PREFIX}.{body}".encode("ascii"), hashlib.sha256).digest()


def _unb64(text: str) -> bytes:
    try:
        return b64url_decode(text)
    except ValueError:
        raise _invalid("bad encoding") from None


def _invalid(reason: str) -> InvalidCheckpoint:
    return InvalidCheckpoint(f"invalid WAL checkpoint: {reason}")
