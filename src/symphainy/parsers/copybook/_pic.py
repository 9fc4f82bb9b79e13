"""PICTURE strings: X, A, 9, S, V and P with repetition counts, and numeric/alphanumeric editing.

A numeric-edited picture (`Z`, `*`, `9(8).9(2)`, `+`, `-`, `CR`, `DB`, `$`, `.`, `,`, `B`, `0`,
`/`) is decoded by position: `Pic.edit` gives each stored byte a role, so insertion characters
are skipped, suppressed digit positions may hold fill characters, and the sign comes from the
sign symbols. Floating-point editing (`E`) and national pictures (N, G, U) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from symphainy.parsers._model import ParseError

MAX_DIGITS = 38

_SYMBOL = re.compile(r"([^()])(?:\((\d+)\))?")
_NUMERIC_SHAPE = re.compile(r"V?P*9+|9+P*V?|9*V9*")
_EDITING = frozenset("ZB0/,.*+-$ECRD")
_TEXT_INSERTION = frozenset("B0/")
_FLOATING = "+-$"
_NATIONAL = frozenset("NGU")


@dataclass(frozen=True, slots=True)
class Pic:
    """A parsed PICTURE: category, stored character positions, digits and decimal scale.

    `scale` counts digits after the implied decimal point, P positions included; it is
    negative for trailing P scaling (PIC 9(3)PP means the stored value times 100).
    `edit` gives each byte of an edited picture its role: d digit, z suppressible digit
    (a digit or a fill character), s sign (+, - or space), f first symbol of a floating
    string, c CR/DB, i insertion character (skipped), . the decimal point, o a digit that
    carries the overpunched sign (S9(3).99).
    """

    text: str
    category: Literal["alphanumeric", "numeric", "edited"]
    size: int
    digits: int = 0
    scale: int = 0
    signed: bool = False
    edit: str = ""


def parse_pic(text: str, *, line: int, field: str, column: int = 1) -> Pic:
    """Parse one PICTURE character string.

    Args:
        text: The picture string as written, e.g. ``S9(7)V9(2)``.
        line: Source line, for errors.
        field: Data name, for errors.
        column: Source column of the entry, for errors.

    Returns:
        The parsed picture.

    Raises:
        ParseError: For national, floating-point edited or malformed pictures.
    """
    try:
        return _parse(text)
    except ValueError as exc:
        where = {"line": line, "column": column, "field": field}
        raise ParseError(str(exc), clause="PICTURE", **where) from None


def _parse(text: str) -> Pic:
    symbols = _expand(text.upper())
    kinds = set(symbols)
    if kinds & _NATIONAL:
        raise ValueError(f"national/DBCS PICTURE {text!r} is not supported")
    if kinds & {"X", "A"}:
        if kinds - {"X", "A", "9"} - _TEXT_INSERTION:
            raise ValueError(f"PICTURE {text!r} mixes text and sign/decimal")
        return Pic(text, "alphanumeric", len(symbols))
    if kinds & _EDITING:
        return _edited(text, symbols)
    return _numeric(text, symbols)


def _expand(text: str) -> list[str]:
    symbols: list[str] = []
    position = 0
    for match in _SYMBOL.finditer(text):
        if match.start() != position:
            break
        count = int(match.group(2) or 1)
        if count < 1:
            raise ValueError(f"repetition count 0 in PICTURE {text!r}")
        symbols.extend(match.group(1) * count)
        position = match.end()
    if position != len(text) or not symbols:
        raise ValueError(f"malformed PICTURE {text!r}")
    unknown = set(symbols) - {"X", "A", "9", "S", "V", "P"} - _EDITING - _NATIONAL
    if unknown:
        raise ValueError(f"unknown symbol in PICTURE {text!r}")
    return symbols


def _numeric(text: str, symbols: list[str]) -> Pic:
    signed = symbols[0] == "S"
    body = "".join(symbols[1:] if signed else symbols)
    if "S" in body or not _NUMERIC_SHAPE.fullmatch(body):
        raise ValueError(f"malformed numeric PICTURE {text!r}")
    digits = body.count("9")
    _check_digits(text, digits)
    if "V" in body:
        left, right = body.split("V")
    elif body.startswith("P"):
        left, right = "", body
    else:
        left, right = body, ""
    scale = len(right) - left.count("P")
    return Pic(text, "numeric", digits, digits, scale, signed)


def _check_digits(text: str, digits: int) -> None:
    if digits > MAX_DIGITS:
        message = f"PICTURE {text!r} has {digits} digits; at most {MAX_DIGITS} are supported"
        raise ValueError(message)


def _edited(text: str, symbols: list[str]) -> Pic:
    """A numeric-edited picture: one role per stored byte, digits, scale and sign."""
    overpunch = symbols[0] == "S"
    if overpunch:
        # S9(3).99 (Cobrix's explicit decimal point): the sign is overpunched on the last
        # digit (role o) unless a SIGN clause says otherwise.
        if set(symbols[1:]) - {"9", ".", "V"}:
            raise ValueError(f"PICTURE {text!r}: S goes only with 9 and a decimal point")
        symbols = symbols[1:]
    body, tail = (symbols[:-2], "cc") if "".join(symbols[-2:]) in {"CR", "DB"} else (symbols, "")
    floating = _floating_symbol(body)
    roles: list[str] = []
    point: int | None = None
    for symbol in body:
        if symbol in {"V", "."}:
            if point is not None:
                raise ValueError(f"PICTURE {text!r} has more than one decimal point")
            point = len(roles)
            roles.extend("." if symbol == "." else "")
        elif symbol == floating:
            roles.append("z" if "f" in roles else "f")
        else:
            roles.append(_role(text, symbol))
    digit_roles = [r for r in roles if r in {"d", "z", "o"}]
    if not digit_roles:
        raise ValueError(f"edited PICTURE {text!r} has no digit positions")
    _check_digits(text, len(digit_roles))
    scale = sum(r in {"d", "z", "o"} for r in roles[point:]) if point is not None else 0
    signed = overpunch or bool(tail) or "s" in roles or floating in {"+", "-"}
    if overpunch:
        last = max(i for i, role in enumerate(roles) if role == "d")
        roles[last] = "o"
    edit = "".join(roles) + tail
    return Pic(text, "edited", len(edit), len(digit_roles), scale, signed, edit)


def _floating_symbol(body: list[str]) -> str | None:
    """The symbol of a floating insertion string (+, - or $ written twice or more)."""
    for symbol in _FLOATING:
        if body.count(symbol) > 1:
            return symbol
    return None


def _role(text: str, symbol: str) -> str:
    roles = {"9": "d", "Z": "z", "*": "z", "+": "s", "-": "s", "$": "i"}
    if symbol in roles:
        return roles[symbol]
    if symbol in {"B", "0", "/", ","}:
        return "i"
    raise ValueError(f"edited PICTURE {text!r}: symbol {symbol!r} is not supported there")
