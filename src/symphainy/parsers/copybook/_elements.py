"""Storage of one elementary item: byte length, encoding kind, digits, scale, output type."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

import pyarrow as pa

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._clauses import SignClause, Usage
from symphainy.parsers.copybook._pic import MAX_DIGITS, Pic

Kind = Literal["text", "zoned", "packed", "binary", "float"]

INT64_DIGITS = 18
_BINARY_BYTES = ((4, 2), (9, 4), (18, 8))
_BINARY_PRECISION = {2: 5, 4: 10, 8: 19}


@dataclass(frozen=True, slots=True)
class Element:
    """How an elementary item is stored and what it decodes to.

    `scale` is the number of implied decimal places (never negative); trailing P scaling
    is carried as `multiplier` (a power of ten the stored integer is multiplied by).
    """

    kind: Kind
    usage: Usage
    length: int
    digits: int = 0
    scale: int = 0
    multiplier: int = 1
    signed: bool = False
    sign_leading: bool = False
    sign_separate: bool = False
    full_range: bool = False

    @property
    def numeric(self) -> bool:
        """True for every kind but text."""
        return self.kind != "text"

    @property
    def precision(self) -> int:
        """Decimal digits the decoded value may need (binary: the whole storage range)."""
        if self.kind == "binary":
            base = _BINARY_PRECISION[self.length] + (self.length == 8 and not self.signed)
        else:
            base = self.digits
        return max(base + len(str(self.multiplier)) - 1, self.scale, 1)

    @property
    def native_int(self) -> bool:
        """Binary integers decoded straight to int64/uint64 without scaling."""
        return self.kind == "binary" and self.scale == 0 and self.multiplier == 1

    @property
    def wide(self) -> bool:
        """Values may not fit int64 arithmetic: decoded through Python ints."""
        if self.kind in {"text", "float"} or self.native_int:
            return False
        if self.kind == "binary":
            fits = self.signed or self.length < 8
            return not fits or (self.multiplier != 1 and self.precision > INT64_DIGITS)
        return self.digits + len(str(self.multiplier)) - 1 > INT64_DIGITS

    def arrow_type(self) -> Any:
        """The Arrow type of the decoded column."""
        if self.kind == "text":
            return pa.string()
        if self.kind == "float":
            return pa.float64()
        if self.native_int:
            unsigned = self.length == 8 and not self.signed
            return pa.uint64() if unsigned else pa.int64()
        if self.scale == 0 and self.precision <= INT64_DIGITS:
            return pa.int64()
        return pa.decimal128(self.precision, self.scale)


def build_element(
    pic: Pic | None,
    usage: Usage,
    sign: SignClause | None,
    *,
    explicit_sign: bool,
    line: int,
    field: str,
) -> Element:
    """Work out an elementary item's storage from its PICTURE, USAGE and SIGN clauses.

    Args:
        pic: The parsed PICTURE, or None (only COMP-1/COMP-2 may omit it).
        usage: The item's usage, inherited from its groups when not written.
        sign: The SIGN clause in force (its own or a group's).
        explicit_sign: Whether the SIGN clause is written on this item.
        line: Source line, for errors.
        field: Data name, for errors.

    Returns:
        The element description.

    Raises:
        ParseError: On combinations COBOL does not allow or this decoder does not support.
    """
    if usage in {"COMP-1", "COMP-2"}:
        if pic is not None:
            raise ParseError(f"{usage} items take no PICTURE", line=line, field=field)
        return Element("float", usage, 4 if usage == "COMP-1" else 8, signed=True)
    if pic is None:
        raise ParseError("elementary item has no PICTURE", line=line, field=field)
    if pic.category == "alphanumeric":
        if usage != "DISPLAY" or explicit_sign:
            raise ParseError(f"PICTURE {pic.text} cannot be {usage}/signed", line=line, field=field)
        return Element("text", usage, pic.size)
    if explicit_sign and not pic.signed:
        raise ParseError("SIGN clause on an unsigned PICTURE", line=line, field=field)
    element = _numeric(pic, usage, sign if pic.signed else None, line=line, field=field)
    if element.precision > MAX_DIGITS:
        raise ParseError(f"PICTURE {pic.text} needs more than 38 digits", line=line, field=field)
    return element


def _numeric(pic: Pic, usage: Usage, sign: SignClause | None, *, line: int, field: str) -> Element:
    scale, multiplier = (pic.scale, 1) if pic.scale >= 0 else (0, 10**-pic.scale)
    base = Element("zoned", usage, pic.digits, pic.digits, scale, multiplier, pic.signed)
    if usage == "DISPLAY":
        separate = sign is not None and sign.separate
        leading = sign is not None and sign.leading
        return replace(
            base, length=pic.digits + separate, sign_leading=leading, sign_separate=separate
        )
    if usage == "COMP-3":
        return replace(base, kind="packed", length=pic.digits // 2 + 1)
    for max_digits, size in _BINARY_BYTES:
        if pic.digits <= max_digits:
            return replace(base, kind="binary", length=size, full_range=usage == "COMP-5")
    raise ParseError(f"binary PICTURE {pic.text} has more than 18 digits", line=line, field=field)
