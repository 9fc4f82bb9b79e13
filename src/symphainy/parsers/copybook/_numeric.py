"""Vectorised numeric decoding of one column of a block: zoned, packed, binary, float, edited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from symphainy.parsers.copybook._charset import Charset
from symphainy.parsers.copybook._edited import decode_edited, explain_edited
from symphainy.parsers.copybook._elements import INT64_DIGITS, Element

U8Matrix = npt.NDArray[np.uint8]
BoolArray = npt.NDArray[np.bool_]

_PACKED_SIGN = np.zeros(16, dtype=np.int8)
_PACKED_SIGN[[0xA, 0xC, 0xE, 0xF]] = 1
_PACKED_SIGN[[0xB, 0xD]] = -1


@dataclass(frozen=True, slots=True)
class Numbers:
    """Decoded values: int64/uint64 unscaled integers, Python ints (object), or float64.

    `bad` flags rows whose bytes are not a valid value (None when every pattern is valid);
    `null` flags rows that are null by the value options (a blank or all-NUL DISPLAY
    number with improved_null_detection, a negative overpunch on an unsigned number with
    strict_sign_overpunching off). A null row is never bad.
    """

    values: npt.NDArray[Any]
    bad: BoolArray | None
    null: BoolArray | None = None


def decode_number(raw: U8Matrix, element: Element, charset: Charset) -> Numbers:
    """Decode an (n_records, field_length) byte matrix into numbers.

    Args:
        raw: The field's bytes, one row per record (may be a strided view).
        element: The field's storage description.
        charset: The code page (zoned digits and signs; HFP floats for EBCDIC).

    Returns:
        Unscaled integers (scale is applied by the Arrow type) or floats, and bad rows.
    """
    if element.kind in {"zoned", "edited"}:
        return _display(raw, element, charset)
    if element.kind == "packed":
        return _packed(raw, element)
    if element.kind == "binary":
        return _binary(raw, element)
    return Numbers(_float(raw, element, charset), None)


def _display(raw: U8Matrix, element: Element, charset: Charset) -> Numbers:
    """Zoned or edited numbers; blank and all-NUL fields are null when blank_null is on."""
    if element.kind == "edited":
        digits, sign, invalid = decode_edited(raw, element, charset)
        numbers = Numbers(_finish(_horner(digits, element), sign, element), invalid)
    else:
        numbers = _zoned(raw, element, charset)
    if not element.blank_null or numbers.bad is None:
        return numbers
    # A blank zoned value is always invalid (a space is no digit), so only invalid rows
    # need a look; an edited one may be valid (PIC ZZZ.ZZ all spaces), so all rows do.
    suspect = numbers.bad if element.kind == "zoned" else np.ones(raw.shape[0], dtype=np.bool_)
    if not suspect.any():
        return numbers
    rows = np.flatnonzero(suspect)
    suspects = raw[rows]
    blank = np.zeros(raw.shape[0], dtype=np.bool_)
    blank[rows] = ((suspects == charset.space) | (suspects == 0)).all(axis=1)
    null = blank if numbers.null is None else blank | numbers.null
    return Numbers(numbers.values, numbers.bad & ~null, null)


def _horner(digits: npt.NDArray[np.int8], element: Element) -> npt.NDArray[Any]:
    width = digits.shape[1]
    if width > INT64_DIGITS:
        high = _horner(digits[:, : width - INT64_DIGITS], element).astype(object)
        low = _horner(digits[:, width - INT64_DIGITS :], element).astype(object)
        return high * 10**INT64_DIGITS + low  # type: ignore[no-any-return]
    acc = digits[:, 0].astype(np.int64)
    for column in range(1, width):
        acc *= 10
        acc += digits[:, column]
    return acc


def _finish(
    magnitude: npt.NDArray[Any], sign: npt.NDArray[np.int8], element: Element
) -> npt.NDArray[Any]:
    if element.wide and magnitude.dtype != object:
        magnitude = magnitude.astype(object)
    values = np.where(sign < 0, -magnitude, magnitude)
    if element.multiplier != 1:
        values = values * element.multiplier
    return values


def _zoned(raw: U8Matrix, element: Element, charset: Charset) -> Numbers:
    width = raw.shape[1]
    if element.sign_separate:
        sign_byte = raw[:, 0] if element.sign_leading else raw[:, -1]
        body = raw[:, 1:] if element.sign_leading else raw[:, :-1]
        sign = (sign_byte == charset.plus).astype(np.int8) - (sign_byte == charset.minus)
        digits = charset.digit[body]
    elif element.signed:
        digits = charset.digit[raw]
        column = 0 if element.sign_leading else width - 1
        punch = raw[:, column]
        digits[:, column] = charset.punch_digit[punch]
        sign = charset.punch_sign[punch]
    elif not element.strict_sign:
        return _relaxed_unsigned(raw, element, charset)
    else:
        digits = charset.digit[raw]
        sign = np.ones(raw.shape[0], dtype=np.int8)
    bad = (digits < 0).any(axis=1) | (sign == 0)
    return Numbers(_finish(_horner(digits, element), sign, element), bad)


def _relaxed_unsigned(raw: U8Matrix, element: Element, charset: Charset) -> Numbers:
    """An unsigned zoned number read with strict_sign_overpunching off (Cobrix's meaning).

    The last digit may carry an overpunched sign: a positive one is taken, a negative one
    makes the value null.
    """
    digits = charset.digit[raw]
    punch = raw[:, -1]
    plain = digits[:, -1] >= 0
    digits[:, -1] = np.where(plain, digits[:, -1], charset.punch_digit[punch])
    sign = np.where(plain, 1, charset.punch_sign[punch]).astype(np.int8)
    null = sign < 0
    bad = ((digits < 0).any(axis=1) | (sign == 0)) & ~null
    ones = np.ones(raw.shape[0], dtype=np.int8)
    return Numbers(_finish(_horner(np.maximum(digits, 0), element), ones, element), bad, null)


def _packed(raw: U8Matrix, element: Element) -> Numbers:
    rows, width = raw.shape
    nibbles = np.empty((rows, 2 * width), dtype=np.int8)
    nibbles[:, 0::2] = raw >> 4
    nibbles[:, 1::2] = raw & 0x0F
    if element.usage == "COMP-3U":
        return _unsigned_packed(nibbles, element)
    sign = _PACKED_SIGN[nibbles[:, -1]]
    pad = element.digits % 2 == 0
    digits = nibbles[:, 1:-1] if pad else nibbles[:, :-1]
    bad = (digits > 9).any(axis=1) | (sign == 0)
    if pad:
        bad |= nibbles[:, 0] != 0
    if not element.signed:
        bad |= sign < 0
    return Numbers(_finish(_horner(digits, element), sign, element), bad)


def _unsigned_packed(nibbles: npt.NDArray[np.int8], element: Element) -> Numbers:
    """Cobrix's COMP-3U: every nibble a digit, no sign nibble (an odd count pads the first)."""
    pad = nibbles.shape[1] - element.digits
    digits = nibbles[:, pad:]
    bad: BoolArray = np.asarray((digits > 9).any(axis=1), dtype=np.bool_)
    if pad:
        bad |= nibbles[:, 0] != 0
    plus = np.ones(nibbles.shape[0], dtype=np.int8)
    return Numbers(_finish(_horner(digits, element), plus, element), bad)


def _binary(raw: U8Matrix, element: Element) -> Numbers:
    if element.length > 8:
        values = _long_binary(raw, element)
    else:
        order = "<" if element.usage == "COMP-9" else ">"
        kind = "i" if element.signed else "u"
        stored = np.ascontiguousarray(raw).view(f"{order}{kind}{element.length}").reshape(-1)
        if element.native_int:
            unsigned = kind == "u" and element.length == 8
            return Numbers(stored.astype(np.uint64 if unsigned else np.int64), None)
        values = stored.astype(object) if element.wide else stored.astype(np.int64)
    bad = None
    if element.exact or element.length > 8:
        # The Arrow type has the PICTURE's digits: a stored value beyond them is invalid.
        bad = np.asarray(np.abs(values) >= 10**element.digits, dtype=np.bool_)
    values = values * element.multiplier if element.multiplier != 1 else values
    return Numbers(values, bad)


def _long_binary(raw: U8Matrix, element: Element) -> npt.NDArray[Any]:
    """Big-endian binary items over 8 bytes (more than 18 digits), as Python ints."""
    rows, width = raw.shape
    high = np.zeros((rows, 16 - width), dtype=np.uint8)
    padded = np.ascontiguousarray(np.concatenate([high, raw], axis=1))
    limbs = padded.view(">u8").reshape(rows, 2).astype(object)
    values = limbs[:, 0] * 2**64 + limbs[:, 1]
    if element.signed:
        top = 2 ** (8 * width)
        values = np.where(values >= top // 2, values - top, values)
    return values  # type: ignore[no-any-return]


def _float(raw: U8Matrix, element: Element, charset: Charset) -> npt.NDArray[np.float64]:
    contiguous = np.ascontiguousarray(raw)
    default = "IEEE754" if charset.family == "ascii" else "IBM"
    fmt = element.float_format or default
    if fmt.endswith("_little_endian"):
        contiguous = np.ascontiguousarray(contiguous[:, ::-1])
    if fmt.startswith("IEEE754"):
        return contiguous.view(f">f{element.length}").reshape(-1).astype(np.float64)
    bits = contiguous.view(f">u{element.length}").reshape(-1).astype(np.uint64)
    fraction_bits = 8 * element.length - 8
    negative = (bits >> np.uint64(8 * element.length - 1)) != 0
    exponent = ((bits >> np.uint64(fraction_bits)) & np.uint64(0x7F)).astype(np.int64)
    fraction = (bits & np.uint64((1 << fraction_bits) - 1)).astype(np.float64)
    magnitude = np.ldexp(fraction, 4 * (exponent - 64) - fraction_bits)
    return np.where(negative, -magnitude, magnitude)


def explain_number(field: bytes, element: Element, charset: Charset) -> tuple[int, str]:
    """Say which byte of one invalid zoned or packed value is wrong, and why.

    Args:
        field: The field's bytes in one record.
        element: The field's storage description.
        charset: The code page.

    Returns:
        The offending byte's index within the field and a human-readable reason.
    """
    if element.kind == "packed":
        return _explain_packed(field, element)
    if element.kind == "edited":
        return explain_edited(field, element, charset)
    if element.kind == "binary":
        return 0, f"binary value beyond the {element.digits} digits of its PICTURE"
    return _explain_zoned(field, element, charset)


def _explain_zoned(field: bytes, element: Element, charset: Charset) -> tuple[int, str]:
    sign_index = 0 if element.sign_leading else len(field) - 1
    for index, byte in enumerate(field):
        if element.sign_separate and index == sign_index:
            if byte not in {charset.plus, charset.minus}:
                return index, f"invalid separate sign byte 0x{byte:02X}"
        elif element.signed and index == sign_index:
            if charset.punch_sign[byte] == 0:
                return index, f"non-numeric zoned sign/digit byte 0x{byte:02X}"
        elif charset.digit[byte] < 0:
            return index, f"non-numeric zoned digit byte 0x{byte:02X}"
    return 0, "invalid zoned decimal"


def _explain_packed(field: bytes, element: Element) -> tuple[int, str]:
    if element.usage == "COMP-3U":
        index = next((i for i, b in enumerate(field) if b >> 4 > 9 or b & 0x0F > 9), 0)
        return index, f"invalid unsigned packed (COMP-3U) digit nibble in byte 0x{field[index]:02X}"
    last = len(field) - 1
    for index, byte in enumerate(field):
        high, low = byte >> 4, byte & 0x0F
        if index == 0 and element.digits % 2 == 0 and high != 0:
            return index, f"non-zero pad nibble 0x{high:X} in packed byte 0x{byte:02X}"
        if high > 9 or (index < last and low > 9):
            return index, f"invalid packed-decimal digit nibble in byte 0x{byte:02X}"
        if index == last and _PACKED_SIGN[low] == 0:
            return index, f"invalid packed-decimal sign nibble 0x{low:X} in byte 0x{byte:02X}"
        if index == last and _PACKED_SIGN[low] < 0 and not element.signed:
            return index, f"negative sign nibble 0x{low:X} in an unsigned packed field"
    return 0, "invalid packed decimal"
