"""Vectorised text decoding: code page bytes to trimmed UTF-8 Arrow string buffers.

As in Cobrix, control characters (NUL, CR, NEL, ...) become spaces before trimming unless
the code page is an `_extended` one or the trimming policy is `keep_all`; the policy
(`string_trimming_policy`: both, left, right, none, keep_all) says which ends lose their
spaces, and with `improved_null_detection` a field of NUL bytes only is null.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from symphainy.parsers.copybook._charset import Charset
from symphainy.parsers.copybook._elements import Element

U8Matrix = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Texts:
    """Arrow-ready string data: `offsets` (n+1, int32) into UTF-8 `data`.

    `bad` flags rows holding bytes the code page does not define (None when it defines all);
    `null` flags all-NUL fields when improved_null_detection is on.
    """

    offsets: npt.NDArray[np.int32]
    data: npt.NDArray[np.uint8]
    bad: npt.NDArray[np.bool_] | None
    null: npt.NDArray[np.bool_] | None = None


def decode_text(raw: U8Matrix, charset: Charset, element: Element | None = None) -> Texts:
    """Decode an (n_records, field_length) byte matrix, trimmed by the element's policy.

    Args:
        raw: The field's bytes, one row per record (may be a strided view).
        charset: The code page.
        element: The field (its trimming and null options); None takes the defaults.

    Returns:
        The UTF-8 strings as Arrow buffers, rows with undefined bytes, and null rows.
    """
    trim = element.trim if element is not None else "both"
    # One contiguous copy makes the whole-matrix bounds below nearly free, so the common
    # case (no NUL, no control byte) skips the per-byte lookups.
    raw = np.ascontiguousarray(raw)
    low, high = (int(raw.min()), int(raw.max())) if raw.size else (0x40, 0x40)
    null = None
    if (element is None or element.blank_null) and low == 0:
        null = (raw == 0).all(axis=1)
    if trim != "keep_all" and (low < charset.printable[0] or high > charset.printable[1]):
        raw = charset.clean[raw]
    start, end = _bounds(raw, charset, trim)
    lengths = end - start
    columns = np.arange(raw.shape[1])
    kept = raw[(columns >= start[:, None]) & (columns < end[:, None])]
    bad = None if charset.all_defined else (charset.utf8_len[raw] == 0).any(axis=1)
    if charset.multibyte[kept].any():
        data, byte_lengths = _expand(kept, lengths, charset)
    else:
        data, byte_lengths = charset.utf8[kept, 0], lengths
    offsets = np.zeros(raw.shape[0] + 1, dtype=np.int32)
    np.cumsum(byte_lengths, out=offsets[1:])
    return Texts(offsets, data, bad, null)


def _bounds(
    raw: U8Matrix, charset: Charset, trim: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where each row's kept text starts and ends (an all-space row keeps nothing)."""
    rows, width = raw.shape
    full = np.full(rows, width, dtype=np.int64)
    if trim not in {"both", "left", "right"}:
        return np.zeros(rows, dtype=np.int64), full
    nonspace = raw != charset.space
    some = nonspace.any(axis=1)
    end = full
    if trim != "left":
        end = np.where(some, width - np.argmax(nonspace[:, ::-1], axis=1), 0)
    start = np.zeros(rows, dtype=np.int64)
    if trim != "right":
        start = np.where(some, np.argmax(nonspace, axis=1), end)
    return start, end


def _expand(
    kept: U8Matrix, lengths: npt.NDArray[np.int64], charset: Charset
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    char_lengths = charset.utf8_len[kept]
    firsts = np.cumsum(char_lengths) - char_lengths
    within = np.arange(int(char_lengths.sum())) - np.repeat(firsts, char_lengths)
    sources = np.repeat(kept.astype(np.int64) * 4, char_lengths) + within
    data = charset.utf8.reshape(-1)[sources]
    row_of_char = np.repeat(np.arange(lengths.size), lengths)
    byte_lengths = np.bincount(row_of_char, weights=char_lengths, minlength=lengths.size)
    return data, byte_lengths.astype(np.int64)


def explain_text(field: bytes, charset: Charset) -> tuple[int, str]:
    """Say which byte of one text value the code page does not define.

    Args:
        field: The field's bytes in one record.
        charset: The code page.

    Returns:
        The byte's index within the field and a reason.
    """
    for index, byte in enumerate(field):
        if charset.utf8_len[byte] == 0:
            return index, f"byte 0x{byte:02X} is not defined in code page {charset.name}"
    return 0, "undecodable text"
