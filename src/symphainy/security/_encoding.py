"""Unpadded base64url, the one spelling of every signed token and cursor the platform issues.

Decoding is strict: the text must be exactly what `b64url_encode` writes. Base64 leaves the
low bits of a final character unused (2 of them for a 32-byte MAC), so a lenient decoder maps
several spellings to one value and an altered token can still pass its signature check. Here
an altered character is always a different, refused token.
"""

from __future__ import annotations

import base64
import binascii


def b64url_encode(raw: bytes) -> str:
    """`raw` as unpadded base64url."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The bytes `b64url_encode` turned into `text`; ValueError for any other spelling."""
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise ValueError("not canonical unpadded base64url") from None
    if b64url_encode(raw) != text:
        raise ValueError("not canonical unpadded base64url")
    return raw


__all__ = ["b64url_decode", "b64url_encode"]
