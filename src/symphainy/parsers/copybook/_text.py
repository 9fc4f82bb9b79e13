"""Vectorised text decoding: code page bytes to right-trimmed UTF-8 Arrow string buffers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from symphainy.parsers.copybook._charset import Charset

U8Matrix = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Texts:
    """Arrow-ready string data: `offsets` (n+1, int32) into UTF-8 `data`.

    `bad` flags rows holding bytes the code page does not define (None when it defines all).
    """

    offsets: npt.NDArray[np.int32]
    data: npt.NDArray[np.uint8]
    bad: npt.NDArray[np.bool_] | None


def decode_text(raw: U8Matrix, charset: Charset) -> Texts:
    """Decode an (n_records, field_length) byte matrix, dropping trailing spaces.

    Args:
        raw: The field's bytes, one row per record (may be a strided view).
        charset: The code page.

    Returns:
        The UTF-8 strings as Arrow buffers, and rows with undefined bytes.
    """
    rows, width = raw.shape
    nonspace = raw != charset.space
    last = width - np.argmax(nonspace[:, ::-1], axis=1)
    lengths = np.where(nonspace[np.arange(rows), last - 1], last, 0)
    kept = raw[np.arange(width) < lengths[:, None]]
    bad = None if charset.all_defined else (charset.utf8_len[raw] == 0).any(axis=1)
    if charset.multibyte[kept].any():
        data, byte_lengths = _expand(kept, lengths, charset)
    else:
        data, byte_lengths = charset.utf8[kept, 0], lengths
    offsets = np.zeros(rows + 1, dtype=np.int32)
    np.cumsum(byte_lengths, out=offsets[1:])
    return Texts(offsets, data, bad)


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
