"""Numeric-edited DISPLAY values (`ZZ9.99-`, `9(8).9(2)`, `$$,$$9.99CR`) decoded by position.

Each byte has the role its PICTURE symbol gives it (`Element.edit`, see `_pic`): digit
positions give the digits (a suppressed one may hold a fill character instead, read as 0),
insertion characters and the decimal point are skipped, and the sign is negative when a
sign position holds `-` or the CR/DB positions hold CR or DB. This is COBOL's de-editing,
and gives what Cobrix reads from the same text.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from symphainy.parsers.copybook._charset import Charset
from symphainy.parsers.copybook._elements import Element

U8Matrix = npt.NDArray[np.uint8]
BoolArray = npt.NDArray[np.bool_]


def decode_edited(
    raw: U8Matrix, element: Element, charset: Charset
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], BoolArray]:
    """Digits, sign and invalid rows of an (n_records, field_length) edited field.

    Args:
        raw: The field's bytes, one row per record.
        element: The field's storage description (`edit` holds each byte's role).
        charset: The code page.

    Returns:
        The digit matrix (one column per digit position), the sign (+1/-1) per row, and
        the rows whose bytes do not fit the picture.
    """
    roles = element.edit
    positions = [j for j, role in enumerate(roles) if role in "dzo"]
    digits = charset.digit[raw[:, positions]]
    bad = np.zeros(raw.shape[0], dtype=np.bool_)
    negative = np.zeros(raw.shape[0], dtype=np.bool_)
    for k, j in enumerate(positions):
        if roles[j] == "o":
            digits[:, k] = charset.punch_digit[raw[:, j]]
            negative |= charset.punch_sign[raw[:, j]] < 0
        missing = digits[:, k] < 0
        bad |= missing if roles[j] != "z" else missing & ~charset.fill[raw[:, j]]
    for j, role in enumerate(roles):
        if role in "sf":
            bad |= ~charset.fill[raw[:, j]]
        if role in "sfz":
            negative |= raw[:, j] == charset.minus
    if roles.endswith("cc"):
        pair = raw[:, -2:]
        signed = _pair(pair, charset.cr) | _pair(pair, charset.db)
        bad |= ~(signed | (pair == charset.space).all(axis=1))
        negative |= signed
    sign = np.where(negative, -1, 1).astype(np.int8)
    return np.maximum(digits, 0).astype(np.int8), sign, bad


def _pair(pair: U8Matrix, symbol: tuple[int, int]) -> BoolArray:
    return (pair[:, 0] == symbol[0]) & (pair[:, 1] == symbol[1])  # type: ignore[no-any-return]


def explain_edited(field: bytes, element: Element, charset: Charset) -> tuple[int, str]:
    """Say which byte of one invalid edited value does not fit its picture.

    Args:
        field: The field's bytes in one record.
        element: The field's storage description.
        charset: The code page.

    Returns:
        The byte's index within the field and a reason.
    """
    for index, (byte, role) in enumerate(zip(field, element.edit, strict=True)):
        digit = charset.digit[byte] >= 0
        fill = bool(charset.fill[byte])
        punched = bool(charset.punch_sign[byte])
        if role == "o" and not punched:
            return index, f"byte 0x{byte:02X} where a digit with its sign is needed"
        if (role == "d" and not digit) or (role == "z" and not (digit or fill)):
            return index, f"byte 0x{byte:02X} where the edited picture needs a digit"
        if role in "sf" and not fill:
            return index, f"byte 0x{byte:02X} where the edited picture needs a sign or space"
    return len(field) - 2, "the CR/DB positions hold neither CR, DB nor spaces"
