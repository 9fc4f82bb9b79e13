"""The one base64url codec of tokens and cursors accepts only its own spelling."""

from __future__ import annotations

import os
import string

import pytest

from symphainy.security import b64url_decode, b64url_encode

ALPHABET = string.ascii_letters + string.digits + "-_"


@pytest.mark.parametrize("size", [0, 1, 2, 3, 31, 32, 33])
def test_round_trip(size: int) -> None:
    raw = os.urandom(size)
    assert b64url_decode(b64url_encode(raw)) == raw


@pytest.mark.parametrize("size", [1, 2, 31, 32])
def test_each_value_has_one_spelling(size: int) -> None:
    raw = os.urandom(size)
    text = b64url_encode(raw)
    spellings = [text[:-1] + c for c in ALPHABET if _decodes_to(text[:-1] + c, raw)]
    assert spellings == [text]


def _decodes_to(text: str, raw: bytes) -> bool:
    try:
        return b64url_decode(text) == raw
    except ValueError:
        return False


@pytest.mark.parametrize("text", ["AA==", "AAA=", "A", "A+/A", "AA AA", "é", "AA\n"])
def test_padding_other_alphabets_and_junk_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="canonical"):
        b64url_decode(text)
