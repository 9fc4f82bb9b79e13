"""Records that delimit themselves: text lines (format D) and a record length field (F)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from symphainy.parsers._mainframe_options import MAX_RECORD
from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._blocks import I64Array, Scan, arrays


def text_scan(buffer: bytes, base: int, record: int, final: bool) -> tuple[I64Array, I64Array, int]:
    """Record format D: one record per line (LF or CR LF); empty lines are skipped."""
    data = np.frombuffer(buffer, dtype=np.uint8)
    ends = np.flatnonzero(data == 0x0A).astype(np.int64)
    used = int(ends[-1]) + 1 if ends.size else 0
    if data.size - used > MAX_RECORD:  # no line end in sight: not a text file
        raise ParseError(
            f"record {record + ends.size + 1}: no line end within {MAX_RECORD} bytes of offset "
            f"{base + used} (record_format D reads text lines)",
            record=record + ends.size + 1,
            offset=base + used,
        )
    if final and used < data.size:
        ends = np.append(ends, data.size)
        used = data.size
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)[: ends.size]
    lengths = ends - starts
    has_cr = (lengths > 0) & (data[np.maximum(ends - 1, 0)] == 0x0D)
    lengths = lengths - has_cr
    keep = lengths > 0
    return starts[keep], lengths[keep], used


def length_field_scan(length_at: Callable[[bytes, int, int, int], int], reach: int) -> Scan:
    """Record format F with `record_length_field`: each record's length read from itself.

    `length_at(buffer, position, record, file_offset)` decodes the length (adjustment
    applied) of the record at `position`; `reach` is how many bytes it needs to see.
    """

    def scan(buffer: bytes, base: int, record: int, final: bool) -> tuple[I64Array, I64Array, int]:
        starts: list[int] = []
        lengths: list[int] = []
        position, end = 0, len(buffer)
        while position + reach <= end:
            length = length_at(buffer, position, record + len(starts), base + position)
            if length > MAX_RECORD:
                raise _over_maximum(length, record + len(starts) + 1, base + position)
            if position + length > end:
                break
            starts.append(position)
            lengths.append(length)
            position += length
        if final and position < end:
            raise _cut_short(end - position, record + len(starts) + 1, base + position)
        return (*arrays(starts, lengths), position)

    return scan


def _over_maximum(length: int, record: int, offset: int) -> ParseError:
    return ParseError(
        f"record {record}: record length {length} is over the {MAX_RECORD}-byte maximum",
        record=record,
        offset=offset,
        record_length=length,
    )


def _cut_short(available: int, record: int, offset: int) -> ParseError:
    return ParseError(
        f"record {record}: the file ends {available} byte(s) into a record at offset {offset} "
        "(truncated record)",
        record=record,
        offset=offset,
        available=available,
    )
