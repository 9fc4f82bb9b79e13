"""Single-byte code pages as lookup tables: text to UTF-8, zoned digits and overpunched signs."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from symphainy.parsers._model import ParseError

Family = Literal["ebcdic", "ascii"]

_POSITIVE_ZONES = (0xC, 0xA, 0xE, 0xF)
_NEGATIVE_ZONES = (0xD, 0xB)


@dataclass(frozen=True, slots=True, eq=False)
class Charset:
    """Per-byte tables for one code page.

    `utf8` holds each byte's UTF-8 encoding left-aligned in 4 bytes and `utf8_len` its
    length (0 for bytes the code page leaves undefined). `digit` maps plain zoned digits
    to 0-9 (-1 otherwise); `punch_digit`/`punch_sign` decode an overpunched sign byte
    (sign +1/-1, 0 when the byte is not a valid signed digit).
    """

    name: str
    family: Family
    utf8: npt.NDArray[np.uint8]
    utf8_len: npt.NDArray[np.int64]
    multibyte: npt.NDArray[np.bool_]
    all_defined: bool
    space: int
    plus: int
    minus: int
    digit: npt.NDArray[np.int8]
    punch_digit: npt.NDArray[np.int8]
    punch_sign: npt.NDArray[np.int8]


@lru_cache(maxsize=16)
def load_charset(encoding: str) -> Charset:
    """Build the tables for a Python single-byte codec (cp037, cp500, cp1140, ascii, ...).

    Args:
        encoding: A Python codec name.

    Returns:
        The code page tables.

    Raises:
        ParseError: If Python has no such codec, or it is not a single-byte code page with
            the digits at 0xF0-0xF9 (EBCDIC) or 0x30-0x39 (ASCII).
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ParseError(
            f"unknown encoding {encoding!r}: Python has no codec for it "
            "(EBCDIC pages it has include cp037, cp273, cp500, cp875, cp1026, cp1140)",
            encoding=encoding,
        ) from None
    chars = _single_byte_chars(name)
    family = _family(chars, name)
    utf8, lengths = _utf8_tables(chars)
    digit, punch_digit, punch_sign = _zoned_tables(family)
    return Charset(
        name=name,
        family=family,
        utf8=utf8,
        utf8_len=lengths,
        multibyte=lengths > 1,
        all_defined=bool((lengths > 0).all()),
        space=chars.index(" "),
        plus=chars.index("+"),
        minus=chars.index("-"),
        digit=digit,
        punch_digit=punch_digit,
        punch_sign=punch_sign,
    )


def _single_byte_chars(name: str) -> list[str]:
    if name.startswith(("utf", "ucs")):
        raise ParseError(f"encoding {name!r} is not a single-byte code page", encoding=name)
    chars: list[str] = []
    for byte in range(256):
        try:
            char = bytes([byte]).decode(name)
        except UnicodeDecodeError:
            char = ""
        if len(char) > 1:
            raise ParseError(f"encoding {name!r} is not a single-byte code page", encoding=name)
        chars.append(char)
    if any(c not in chars for c in " +-0123456789"):
        raise ParseError(f"encoding {name!r} lacks digits, space or signs", encoding=name)
    return chars


def _family(chars: list[str], name: str) -> Family:
    digits = [str(d) for d in range(10)]
    if chars[0xF0:0xFA] == digits:
        return "ebcdic"
    if chars[0x30:0x3A] == digits:
        return "ascii"
    raise ParseError(
        f"encoding {name!r} has its digits neither at 0xF0-0xF9 nor at 0x30-0x39", encoding=name
    )


def _utf8_tables(chars: list[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    table = np.zeros((256, 4), dtype=np.uint8)
    lengths = np.zeros(256, dtype=np.int64)
    for byte, char in enumerate(chars):
        encoded = char.encode("utf-8")
        table[byte, : len(encoded)] = np.frombuffer(encoded, dtype=np.uint8)
        lengths[byte] = len(encoded)
    return table, lengths


def _zoned_tables(
    family: Family,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    digit = np.full(256, -1, dtype=np.int8)
    punch_digit = np.full(256, -1, dtype=np.int8)
    punch_sign = np.zeros(256, dtype=np.int8)
    zero = 0xF0 if family == "ebcdic" else 0x30
    digit[zero : zero + 10] = np.arange(10)
    if family == "ebcdic":
        for zone, sign in [(z, 1) for z in _POSITIVE_ZONES] + [(z, -1) for z in _NEGATIVE_ZONES]:
            punch_digit[zone << 4 : (zone << 4) + 10] = np.arange(10)
            punch_sign[zone << 4 : (zone << 4) + 10] = sign
        return digit, punch_digit, punch_sign
    ascii_punches = [(0x30, 0, 1), (0x7B, 0, 1), (0x41, 1, 1), (0x7D, 0, -1), (0x4A, 1, -1)]
    ascii_punches += [(0x70, 0, -1)]
    for start, first, sign in ascii_punches:
        count = 1 if start in {0x7B, 0x7D} else 10 - first
        punch_digit[start : start + count] = np.arange(first, first + count)
        punch_sign[start : start + count] = sign
    return digit, punch_digit, punch_sign
