"""Single-byte code pages as lookup tables: text to UTF-8, zoned digits and overpunched signs."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._codepages import EBCDIC_CODE_PAGES, EXTENDED_SUFFIX, ebcdic_table

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

    `clean` maps every control character's byte (NUL, CR, NEL, ...) to the space byte, as
    Cobrix's code pages do; `_extended` pages keep them (`clean` is then the identity).
    `fill` marks the characters an edited numeric position may hold instead of a digit
    (space, `*`, `+`, `-`, `$`), and `cr`/`db` are the bytes of those sign symbols.
    `printable` bounds a run of bytes holding no control character: text within it needs
    no cleaning.
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
    clean: npt.NDArray[np.uint8]
    fill: npt.NDArray[np.bool_]
    cr: tuple[int, int]
    db: tuple[int, int]
    printable: tuple[int, int]


@lru_cache(maxsize=32)
def load_charset(encoding: str) -> Charset:
    """Build the tables for a code page.

    Args:
        encoding: An EBCDIC code page by its Cobrix name (cp037, cp037_extended, cp273,
            cp500, cp875, cp1047, cp1140-cp1148, ...) or a single-byte codec Python ships
            (ascii, latin-1, cp1252, ...).

    Returns:
        The code page tables.

    Raises:
        ParseError: If the code page is unknown (never a silent cp037), or it is not a
            single-byte code page with the digits at 0xF0-0xF9 (EBCDIC) or 0x30-0x39 (ASCII).
    """
    table = ebcdic_table(encoding.lower())
    if table is not None:
        name, chars = encoding.lower(), list(table)
    else:
        name = _codec(encoding)
        chars = _single_byte_chars(name)
    return _build(name, chars, keep_controls=name.endswith(EXTENDED_SUFFIX))


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ParseError(
            f"unknown code page {encoding!r}: the EBCDIC code pages are "
            f"{', '.join(EBCDIC_CODE_PAGES)}; ASCII files take a single-byte codec "
            "Python ships (ascii, latin-1, cp1252, ...)",
            encoding=encoding,
            allowed=list(EBCDIC_CODE_PAGES),
        ) from None


def _build(name: str, chars: list[str], *, keep_controls: bool) -> Charset:
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
        clean=_clean_table(chars, keep_controls=keep_controls),
        fill=np.array([bool(c) and c in " *+-$" for c in chars], dtype=np.bool_),
        cr=(_byte(chars, "C"), _byte(chars, "R")),
        db=(_byte(chars, "D"), _byte(chars, "B")),
        printable=_printable_bounds(chars, keep_controls=keep_controls),
    )


def _printable_bounds(chars: list[str], *, keep_controls: bool) -> tuple[int, int]:
    """The run of bytes around the space that holds no control character."""
    if keep_controls:
        return 0, 255
    control = [bool(c) and unicodedata.category(c) == "Cc" for c in chars]
    low = high = chars.index(" ")
    while low > 0 and not control[low - 1]:
        low -= 1
    while high < 255 and not control[high + 1]:
        high += 1
    return low, high


def _byte(chars: list[str], char: str) -> int:
    return chars.index(char) if char in chars else -1


def _clean_table(chars: list[str], *, keep_controls: bool) -> npt.NDArray[np.uint8]:
    table = np.arange(256, dtype=np.uint8)
    if not keep_controls:
        controls = [i for i, c in enumerate(chars) if c and unicodedata.category(c) == "Cc"]
        table[controls] = chars.index(" ")
    return table


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
