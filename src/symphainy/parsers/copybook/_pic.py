"""PICTURE strings: X, A, 9, S, V and P with repetition counts; editing pictures are refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from symphainy.parsers._model import ParseError

MAX_DIGITS = 38

_SYMBOL = re.compile(r"([^()])(?:\((\d+)\))?")
_NUMERIC_SHAPE = re.compile(r"V?P*9+|9+P*V?|9*V9*")
_EDITING = frozenset("ZB0/,.*+-$ECRD")
_NATIONAL = frozenset("NGU")


@dataclass(frozen=True, slots=True)
class Pic:
    """A parsed PICTURE: category, stored character positions, digits and decimal scale.

    `scale` counts digits after the implied decimal point, P positions included; it is
    negative for trailing P scaling (PIC 9(3)PP means the stored value times 100).
    """

    text: str
    category: Literal["alphanumeric", "numeric"]
    size: int
    digits: int = 0
    scale: int = 0
    signed: bool = False


def parse_pic(text: str, *, line: int, field: str) -> Pic:
    """Parse one PICTURE character string.

    Args:
        text: The picture string as written, e.g. ``S9(7)V9(2)``.
        line: Source line, for errors.
        field: Data name, for errors.

    Returns:
        The parsed picture.

    Raises:
        ParseError: For editing, national or malformed pictures.
    """
    symbols = _expand(text.upper(), line=line, field=field)
    kinds = set(symbols)
    if kinds & _NATIONAL:
        raise ParseError(f"national/DBCS PICTURE {text!r} is not supported", line=line, field=field)
    if kinds & _EDITING:
        raise ParseError(
            f"edited PICTURE {text!r} is not supported (only X, A, 9, S, V, P)",
            line=line,
            field=field,
        )
    if kinds & {"X", "A"}:
        if kinds - {"X", "A", "9"}:
            raise ParseError(
                f"PICTURE {text!r} mixes text and sign/decimal", line=line, field=field
            )
        return Pic(text, "alphanumeric", len(symbols))
    return _numeric(text, symbols, line=line, field=field)


def _expand(text: str, *, line: int, field: str) -> list[str]:
    symbols: list[str] = []
    position = 0
    for match in _SYMBOL.finditer(text):
        if match.start() != position:
            break
        count = int(match.group(2) or 1)
        if count < 1:
            raise ParseError(f"repetition count 0 in PICTURE {text!r}", line=line, field=field)
        symbols.extend(match.group(1) * count)
        position = match.end()
    if position != len(text) or not symbols:
        raise ParseError(f"malformed PICTURE {text!r}", line=line, field=field)
    unknown = set(symbols) - {"X", "A", "9", "S", "V", "P"} - _EDITING - _NATIONAL
    if unknown:
        raise ParseError(f"unknown symbol in PICTURE {text!r}", line=line, field=field)
    return symbols


def _numeric(text: str, symbols: list[str], *, line: int, field: str) -> Pic:
    signed = symbols[0] == "S"
    body = "".join(symbols[1:] if signed else symbols)
    if "S" in body or not _NUMERIC_SHAPE.fullmatch(body):
        raise ParseError(f"malformed numeric PICTURE {text!r}", line=line, field=field)
    digits = body.count("9")
    if digits > MAX_DIGITS:
        raise ParseError(
            f"PICTURE {text!r} has {digits} digits; at most {MAX_DIGITS} are supported",
            line=line,
            field=field,
        )
    if "V" in body:
        left, right = body.split("V")
    elif body.startswith("P"):
        left, right = "", body
    else:
        left, right = body, ""
    scale = len(right) - left.count("P")
    return Pic(text, "numeric", digits, digits, scale, signed)
