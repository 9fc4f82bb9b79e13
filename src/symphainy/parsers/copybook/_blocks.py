"""Reading a record file in blocks: fixed slots, RDW/BDW chains, text lines, length fields.

Every record format (Cobrix's F, FB, V, VB, D, and F with a record length field) becomes
the same `Block`: where each record's data starts and how long it is. The file is read in
steps of about `block_bytes` (a record longer than that is carried into the next step), so
memory stays flat whatever the file size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from symphainy.parsers._model import ParseError

I64Array = npt.NDArray[np.int64]
U8Array = npt.NDArray[np.uint8]
RDW_SIZE = 4
Scan = Callable[[bytes, int, int, bool], tuple[I64Array, I64Array, int]]
"""(buffer, file offset of buffer[0], records before it, last step) -> starts, lengths, used."""


@dataclass(frozen=True, slots=True)
class Block:
    """A run of consecutive records held in one buffer.

    `starts`/`lengths` locate each record's data (descriptor words excluded) in `data`;
    `file_offsets` are the same starts as absolute file offsets. `matrix`, when set, is an
    (n_records, width) view with every record at a fixed stride.
    """

    first_record: int
    data: U8Array
    starts: I64Array
    lengths: I64Array
    file_offsets: I64Array
    matrix: U8Array | None = None
    ids: I64Array | None = None

    @property
    def size(self) -> int:
        """Number of records."""
        return int(self.starts.size)

    @property
    def record_ids(self) -> I64Array:
        """Each record's 0-based number in the file."""
        if self.ids is not None:
            return self.ids
        return np.arange(self.first_record, self.first_record + self.size, dtype=np.int64)

    def number(self, row: int) -> int:
        """The 1-based record number of a row, as error messages give it."""
        return int(self.record_ids[row]) + 1

    def trimmed(self, start: int, end: int) -> Block:
        """The records without their first `start` and last `end` bytes (record offsets).

        Raises:
            ParseError: A record shorter than `start + end` bytes.
        """
        lengths = self.lengths - start - end
        if (lengths < 0).any():
            row = int(np.argmax(lengths < 0))
            raise ParseError(
                f"record {self.number(row)}: {int(self.lengths[row])} bytes cannot hold "
                f"record_start_offset {start} plus record_end_offset {end}",
                record=self.number(row),
                offset=int(self.file_offsets[row]),
            )
        matrix = None if self.matrix is None else self.matrix[:, start : self.matrix.shape[1] - end]
        starts, offsets = self.starts + start, self.file_offsets + start
        return Block(self.first_record, self.data, starts, lengths, offsets, matrix, self.ids)

    def take(self, rows: I64Array) -> Block:
        """The block of the records at these rows (record numbers kept)."""
        matrix = None if self.matrix is None else self.matrix[rows]
        starts, lengths, offsets = self.starts[rows], self.lengths[rows], self.file_offsets[rows]
        ids = self.record_ids[rows]
        return Block(self.first_record, self.data, starts, lengths, offsets, matrix, ids)

    def with_matrix(self, width: int) -> Block:
        """Gather every record's first `width` bytes into a contiguous matrix.

        Rows of records shorter than `width` run on into the next bytes (or zeros past the
        buffer's end); the caller nulls columns past a record's end.
        """
        # One row copy per record from a window view: an element-wise index array would be
        # eight times the block's size. The padding gives the last records a full window.
        data = self.data
        if not self.size or int(self.starts.max()) + width > data.size:
            data = np.concatenate((data, np.zeros(width, dtype=np.uint8)))
        windows = np.lib.stride_tricks.sliding_window_view(data, width)
        return replace(self, matrix=windows[self.starts])


@dataclass(frozen=True, slots=True)
class Header:
    """A 4-byte descriptor word (RDW or BDW): byte order of its length and an adjustment."""

    kind: str
    big_endian: bool
    adjustment: int

    @property
    def positions(self) -> tuple[int, int, int, int]:
        """Byte indexes of the length (high, low) and of the two reserved bytes."""
        return (0, 1, 2, 3) if self.big_endian else (3, 2, 0, 1)

    def raw_length(self, word: bytes) -> int:
        """The length as written in the word."""
        high, low, _, _ = self.positions
        return int(word[high]) << 8 | int(word[low])

    def problem(self, word: bytes, offset: int, index: int) -> ParseError:
        """The error for a malformed descriptor word `word` at file `offset`."""
        _, _, r1, r2 = self.positions
        if word[r1] or word[r2]:
            reason = f"reserved bytes 0x{bytes([word[r1], word[r2]]).hex().upper()} are not zero"
        else:
            value = self.raw_length(word)
            reason = f"length {value} with adjustment {self.adjustment} is negative"
            if self.adjustment == -RDW_SIZE:
                reason = f"length {value} is less than the 4-byte {self.kind} itself"
        return ParseError(
            f"record {index + 1}: invalid {self.kind} 0x{word.hex().upper()} at offset {offset}: "
            f"{reason} (check record_format, is_{self.kind.lower()}_big_endian and "
            f"{self.kind.lower()}_adjustment, or the data is misaligned)",
            record=index + 1,
            offset=offset,
            **{self.kind.lower(): word.hex().upper()},
        )


def window(path: Path, start: int, end: int) -> tuple[int, int]:
    """The byte range [first, stop) left after `file_start_offset`/`file_end_offset`."""
    size = path.stat().st_size
    if start + end > size:
        raise ParseError(
            f"file_start_offset {start} plus file_end_offset {end} exceed the file's {size} bytes",
            file_start_offset=start,
            file_end_offset=end,
            bytes=size,
        )
    return start, size - end


def fixed_blocks(
    path: Path, record_length: int, block_bytes: int, span: tuple[int, int] | None = None
) -> Iterator[Block]:
    """Yield blocks of fixed-length records (record format F) within `span`.

    Raises:
        ParseError: If the span is not a multiple of the record length.
    """
    first, stop = span or (0, path.stat().st_size)
    whole, remainder = divmod(stop - first, record_length)
    if remainder:
        raise ParseError(
            f"file length {stop - first} is not a multiple of the record length "
            f"{record_length}: {whole} whole records and {remainder} bytes left over",
            record=whole + 1,
            offset=first + whole * record_length,
            remainder=remainder,
            record_count=whole,
            record_length=record_length,
        )
    per_block = max(1, block_bytes // record_length)
    with path.open("rb") as handle:
        handle.seek(first)
        for record in range(0, whole, per_block):
            count = min(per_block, whole - record)
            buffer = handle.read(count * record_length)
            if len(buffer) != count * record_length:
                raise ParseError("the file shrank while it was being read", record=record + 1)
            yield _fixed_block(buffer, record, count, record_length, first)


def _fixed_block(buffer: bytes, first: int, count: int, record_length: int, base: int) -> Block:
    data = np.frombuffer(buffer, dtype=np.uint8)
    starts = np.arange(count, dtype=np.int64) * record_length
    lengths = np.full(count, record_length, dtype=np.int64)
    offsets = starts + first * record_length + base
    return Block(first, data, starts, lengths, offsets, data.reshape(count, record_length))


def chained_blocks(
    path: Path, scan: Scan, block_bytes: int, span: tuple[int, int]
) -> Iterator[Block]:
    """Yield blocks of records whose boundaries `scan` finds (V, VB, FB, D, length field)."""
    first, stop = span
    carry, base, record = b"", first, 0
    with path.open("rb") as handle:
        handle.seek(first)
        remaining = stop - first
        while True:
            chunk = handle.read(min(block_bytes, remaining))
            remaining -= len(chunk)
            buffer = carry + chunk
            final = remaining <= 0 or not chunk
            starts, lengths, used = scan(buffer, base, record, final)
            if starts.size:
                data = np.frombuffer(buffer, dtype=np.uint8)
                yield Block(record, data, starts, lengths, starts + base)
            record, base, carry = record + starts.size, base + used, buffer[used:]
            if final:
                return


def arrays(starts: list[int], lengths: list[int]) -> tuple[I64Array, I64Array]:
    """Record starts and lengths as the int64 arrays a `Block` holds."""
    return np.asarray(starts, dtype=np.int64), np.asarray(lengths, dtype=np.int64)


def rdw_scan(rdw: Header) -> Scan:
    """Record format V: each record's data after a 4-byte RDW."""

    def scan(buffer: bytes, base: int, record: int, final: bool) -> tuple[I64Array, I64Array, int]:
        starts, lengths, position = _rdw_chain(buffer, 0, len(buffer), rdw, base, record)
        if final and position < len(buffer):
            raise _truncated(rdw, buffer[position:], base + position, record + len(starts) + 1)
        return (*arrays(starts, lengths), position)

    return scan


def _rdw_chain(
    buffer: bytes, position: int, end: int, rdw: Header, base: int, record: int
) -> tuple[list[int], list[int], int]:
    """Follow RDWs from `position` while whole records fit before `end`."""
    starts: list[int] = []
    lengths: list[int] = []
    high, low, r1, r2 = rdw.positions
    adjustment = rdw.adjustment
    while position + RDW_SIZE <= end:
        length = (buffer[position + high] << 8 | buffer[position + low]) + adjustment
        if length < 0 or buffer[position + r1] or buffer[position + r2]:
            word = buffer[position : position + RDW_SIZE]
            raise rdw.problem(word, base + position, record + len(starts))
        if position + RDW_SIZE + length > end:
            break
        starts.append(position + RDW_SIZE)
        lengths.append(length)
        position += RDW_SIZE + length
    return starts, lengths, position


def _truncated(header: Header, rest: bytes, offset: int, record: int) -> ParseError:
    kind = header.kind
    if len(rest) < RDW_SIZE:
        message = f"truncated {kind}: the file ends with {len(rest)} stray byte(s)"
        return ParseError(message, record=record, offset=offset, available=len(rest))
    length = header.raw_length(rest)
    return ParseError(
        f"record {record}: {kind} at offset {offset} announces {length} bytes but the file "
        f"ends after {len(rest)} (truncated record)",
        record=record,
        offset=offset,
        **{f"{kind.lower()}_length": length},
        available=len(rest),
    )


def blocked_scan(bdw: Header, inner: Callable[[bytes, int, int, int, int], list[int]]) -> Scan:
    """Record formats VB and FB: 4-byte BDWs, each followed by the records of one block.

    `inner(buffer, start, end, base, record)` splits one block's payload into records and
    returns their starts then lengths (flattened as [starts..., lengths...]).
    """

    def scan(buffer: bytes, base: int, record: int, final: bool) -> tuple[I64Array, I64Array, int]:
        starts: list[int] = []
        lengths: list[int] = []
        position, end = 0, len(buffer)
        while position + RDW_SIZE <= end:
            word = buffer[position : position + RDW_SIZE]
            size = bdw.raw_length(word) + bdw.adjustment
            _, _, r1, r2 = bdw.positions
            if size < 0 or word[r1] or word[r2]:
                raise bdw.problem(word, base + position, record + len(starts))
            if position + RDW_SIZE + size > end:
                break
            found = inner(buffer, position + RDW_SIZE, position + RDW_SIZE + size, base, record)
            half = len(found) // 2
            starts += found[:half]
            lengths += found[half:]
            position += RDW_SIZE + size
        if final and position < end:
            raise _truncated(bdw, buffer[position:], base + position, record + len(starts) + 1)
        return (*arrays(starts, lengths), position)

    return scan


def vb_records(rdw: Header) -> Callable[[bytes, int, int, int, int], list[int]]:
    """VB: the RDW records of one block, which must fill it exactly."""

    def inner(buffer: bytes, start: int, end: int, base: int, record: int) -> list[int]:
        starts, lengths, position = _rdw_chain(buffer, start, end, rdw, base, record)
        if position != end:
            raise ParseError(
                f"record {record + len(starts) + 1}: the block ending at offset {base + end} "
                f"holds {end - position} byte(s) after its last whole record",
                record=record + len(starts) + 1,
                offset=base + position,
                block_end=base + end,
            )
        return starts + lengths

    return inner


def fb_records(record_length: int) -> Callable[[bytes, int, int, int, int], list[int]]:
    """FB: fixed-length records back to back in one block."""

    def inner(buffer: bytes, start: int, end: int, base: int, record: int) -> list[int]:
        count, rest = divmod(end - start, record_length)
        if rest:
            raise ParseError(
                f"record {record + 1}: the block at offset {base + start - RDW_SIZE} holds "
                f"{end - start} bytes, not a multiple of the record length {record_length}",
                record=record + 1,
                offset=base + start - RDW_SIZE,
                block_length=end - start,
                record_length=record_length,
            )
        starts = list(range(start, end, record_length))
        return starts + [record_length] * count

    return inner
