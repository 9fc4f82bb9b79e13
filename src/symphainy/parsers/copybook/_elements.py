"""Storage of one elementary item: byte length, encoding kind, digits, scale, output type."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Literal

import pyarrow as pa

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._clauses import SignClause, Usage
from symphainy.parsers.copybook._pic import MAX_DIGITS, Pic

Kind = Literal["text", "zoned", "packed", "binary", "float", "edited"]
FloatFormat = Literal["IBM", "IBM_little_endian", "IEEE754", "IEEE754_little_endian"]
Trimming = Literal["both", "left", "right", "none", "keep_all"]

INT64_DIGITS = 18
_BINARY_BYTES = ((4, 2), (9, 4), (18, 8))
_POINTER_BYTES = 4


@dataclass(frozen=True, slots=True)
class Element:
    """How an elementary item is stored and what it decodes to.

    `scale` is the number of implied decimal places (never negative); trailing P scaling
    is carried as `multiplier` (a power of ten the stored integer is multiplied by).

    The last five fields are the file's value options (Cobrix's meaning): `float_format`
    (None: IBM for EBCDIC, IEEE754 for ASCII), `trim` (string_trimming_policy),
    `blank_null` (improved_null_detection), `strict_sign` (strict_sign_overpunching) and
    `exact` (strict_integral_precision: integers as decimal(digits, 0)).
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
    edit: str = ""
    float_format: FloatFormat | None = None
    trim: Trimming = "both"
    blank_null: bool = True
    strict_sign: bool = True
    exact: bool = False

    @property
    def numeric(self) -> bool:
        """True for every kind but text."""
        return self.kind != "text"

    @property
    def precision(self) -> int:
        """Decimal digits the decoded value may need (binary: the whole storage range)."""
        if self.kind == "binary" and self.length <= 8:
            base = len(str(2 ** (8 * self.length - self.signed)))
        else:
            base = self.digits
        return max(base + len(str(self.multiplier)) - 1, self.scale, 1)

    @property
    def native_int(self) -> bool:
        """Binary integers decoded straight to int64/uint64 without scaling."""
        plain = self.scale == 0 and self.multiplier == 1 and self.length <= 8
        return self.kind == "binary" and plain and not self.exact

    @property
    def wide(self) -> bool:
        """Values may not fit int64 arithmetic: decoded through Python ints."""
        if self.kind in {"text", "float"} or self.native_int:
            return False
        if self.kind == "binary":
            fits = self.length < 8 or (self.signed and self.length == 8)
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
        if self.exact and self.kind == "binary" and self.multiplier == 1:
            return pa.decimal128(max(self.digits, self.scale, 1), self.scale)
        if self.scale == 0 and self.precision <= INT64_DIGITS and not self.exact:
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
    column: int = 1,
) -> Element:
    """Work out an elementary item's storage from its PICTURE, USAGE and SIGN clauses.

    Args:
        pic: The parsed PICTURE, or None (only COMP-1/COMP-2 may omit it).
        usage: The item's usage, inherited from its groups when not written.
        sign: The SIGN clause in force (its own or a group's).
        explicit_sign: Whether the SIGN clause is written on this item.
        line: Source line, for errors.
        field: Data name, for errors.
        column: Source column of the entry, for errors.

    Returns:
        The element description.

    Raises:
        ParseError: On combinations COBOL does not allow or this decoder does not support.
    """
    try:
        return _element(pic, usage, sign, explicit_sign=explicit_sign)
    except ValueError as exc:
        raise ParseError(str(exc), line=line, column=column, field=field, clause="USAGE") from None


def _element(
    pic: Pic | None, usage: Usage, sign: SignClause | None, *, explicit_sign: bool
) -> Element:
    if usage in {"COMP-1", "COMP-2", "POINTER"}:
        if pic is not None:
            raise ValueError(f"{usage} items take no PICTURE")
        if usage == "POINTER":
            return Element("binary", usage, _POINTER_BYTES, digits=10)
        return Element("float", usage, 4 if usage == "COMP-1" else 8, signed=True)
    if pic is None:
        raise ValueError("elementary item has no PICTURE")
    if usage == "COMP-3U" and pic.category == "alphanumeric":
        # Cobrix's unsigned packed: PIC X(n) COMP-3U is n bytes of 2n digits.
        return Element("packed", usage, pic.size, 2 * pic.size)
    if pic.category != "numeric":
        if usage != "DISPLAY" or (explicit_sign and "o" not in pic.edit):
            raise ValueError(f"PICTURE {pic.text} cannot be {usage}/SIGN")
        if pic.category == "edited":
            edit = _signed_edit(pic.edit, sign)
            digits, scale, signed = pic.digits, pic.scale, pic.signed
            return Element("edited", usage, len(edit), digits, scale, 1, signed, edit=edit)
        return Element("text", usage, pic.size)
    # A SIGN clause on an unsigned PICTURE is tolerated, as Cobrix does: the item is signed.
    signed = pic.signed or explicit_sign
    element = _numeric(pic, usage, sign if signed else None, signed)
    if element.precision > MAX_DIGITS:
        raise ValueError(f"PICTURE {pic.text} needs more than 38 digits")
    return element


def _signed_edit(edit: str, sign: SignClause | None) -> str:
    """Place the sign of an S-edited picture (S9(3).99) as its SIGN clause says."""
    if "o" not in edit or sign is None:
        return edit
    plain = edit.replace("o", "d")
    if sign.separate:
        return "s" + plain if sign.leading else plain + "s"
    if sign.leading:
        first = plain.index("d")
        return plain[:first] + "o" + plain[first + 1 :]
    return edit


def _numeric(pic: Pic, usage: Usage, sign: SignClause | None, signed: bool) -> Element:
    scale, multiplier = (pic.scale, 1) if pic.scale >= 0 else (0, 10**-pic.scale)
    base = Element("zoned", usage, pic.digits, pic.digits, scale, multiplier, signed)
    if usage == "DISPLAY":
        separate = sign is not None and sign.separate
        leading = sign is not None and sign.leading
        return replace(
            base, length=pic.digits + separate, sign_leading=leading, sign_separate=separate
        )
    if usage == "COMP-3":
        return replace(base, kind="packed", length=pic.digits // 2 + 1)
    if usage == "COMP-3U":
        return replace(base, kind="packed", length=(pic.digits + 1) // 2, signed=False)
    length = binary_length(pic.digits, usage)
    return replace(base, kind="binary", length=length, full_range=usage != "COMP")


def binary_length(digits: int, usage: Usage) -> int:
    """Bytes of a binary item.

    2/4/8 bytes up to 18 digits (COMP-9, Cobrix's little-endian binary, also 1 byte for
    1-2 digits); past 18 digits Cobrix's rule, ceil((digits x log2(10) + 1) / 8) bytes
    (the digits' bits and a sign bit, signed or not), so files Cobrix reads line up.
    """
    if usage == "COMP-9" and digits <= 2:
        return 1
    for max_digits, size in _BINARY_BYTES:
        if digits <= max_digits:
            return size
    return math.ceil((math.log(10) / math.log(2) * digits + 1) / 8)
