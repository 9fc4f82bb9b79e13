"""Reading a record file in blocks: fixed-length slots or RDW-prefixed variable records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from symphainy.parsers._model import ParseError

I64Array = npt.NDArray[np.int64]
U8Array = npt.NDArray[np.uint8]
RDW_SIZE = 4


@dataclass(frozen=True, slots=True)
class Block:
    """A run of consecutive records held in one buffer.

    `starts`/`lengths` locate each record's data (RDW excluded) in `data`;
    `file_offsets` are the same starts as absolute file offsets. `matrix`, when set, is an
    (n_records, width) view with every record at a fixed stride.
    """

    first_record: int
    data: U8Array
    starts: I64Array
    lengths: I64Array
    file_offsets: I64Array
    matrix: U8Array | None = None

    @property
    def size(self) -> int:
        """Number of records."""
        return int(self.starts.size)

    def with_matrix(self, width: int) -> Block:
        """Gather every record's first `width` bytes into a contiguous matrix.

        Rows of records shorter than `width` run on into the next bytes (or repeat the
        buffer's last byte); the caller nulls columns past a record's end.
        """
        index = self.starts[:, None] + np.arange(width)
        np.clip(index, 0, self.data.size - 1, out=index)
        return replace(self, matrix=self.data[index])


def fixed_blocks(path: Path, record_length: int, block_bytes: int) -> Iterator[Block]:
    """Yield blocks of fixed-length records.

    Args:
        path: The record file.
        record_length: Bytes per record.
        block_bytes: Approximate bytes per block.

    Yields:
        Blocks with a (n, record_length) matrix.

    Raises:
        ParseError: If the file length is not a multiple of the record length.
    """
    size = path.stat().st_size
    whole, remainder = divmod(size, record_length)
    if remainder:
        raise ParseError(
            f"file length {size} is not a multiple of the record length {record_length}: "
            f"{whole} whole records and {remainder} bytes left over",
            record=whole + 1,
            offset=whole * record_length,
            remainder=remainder,
            record_count=whole,
            record_length=record_length,
        )
    per_block = max(1, block_bytes // record_length)
    with path.open("rb") as handle:
        for first in range(0, whole, per_block):
            count = min(per_block, whole - first)
            buffer = handle.read(count * record_length)
            if len(buffer) != count * record_length:
                raise ParseError("the file shrank while it was being read", record=first + 1)
            yield _fixed_block(buffer, first, count, record_length)


def _fixed_block(buffer: bytes, first: int, count: int, record_length: int) -> Block:
    data = np.frombuffer(buffer, dtype=np.uint8)
    starts = np.arange(count, dtype=np.int64) * record_length
    lengths = np.full(count, record_length, dtype=np.int64)
    offsets = starts + first * record_length
    return Block(first, data, starts, lengths, offsets, data.reshape(count, record_length))


def rdw_blocks(path: Path, block_bytes: int) -> Iterator[Block]:
    """Yield blocks of RDW variable-length records.

    Each record is a 4-byte Record Descriptor Word (2-byte big-endian length counting the
    RDW itself, then 2 zero bytes) followed by the record's data.

    Args:
        path: The record file.
        block_bytes: Bytes read per step (a block holds the whole records read).

    Yields:
        Blocks without a matrix.

    Raises:
        ParseError: On a malformed or truncated RDW.
    """
    carry, base, record = b"", 0, 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(block_bytes)
            buffer = carry + chunk
            headers, used = _scan(buffer, base, record, final=not chunk)
            if headers.size:
                yield _rdw_block(buffer, record, headers, used, base)
            record, base, carry = record + headers.size, base + used, buffer[used:]
            if not chunk:
                return


def _rdw_block(buffer: bytes, first: int, headers: I64Array, used: int, base: int) -> Block:
    data = np.frombuffer(buffer, dtype=np.uint8)
    starts = headers + RDW_SIZE
    lengths = np.diff(headers, append=used) - RDW_SIZE
    return Block(first, data, starts, lengths, starts + base)


def _scan(buffer: bytes, base: int, record: int, *, final: bool) -> tuple[I64Array, int]:
    """Follow the RDW chain; return the RDW positions of whole records and bytes used."""
    found: list[int] = []
    append = found.append
    position, end = 0, len(buffer)
    limit = end - RDW_SIZE
    length = RDW_SIZE
    while position <= limit:
        length = buffer[position] << 8 | buffer[position + 1]
        if length < RDW_SIZE or position + length > end:
            break
        append(position)
        position += length
    headers = np.asarray(found, dtype=np.int64)
    _check_reserved(buffer, headers, base, record)
    if position <= limit and length < RDW_SIZE:
        rdw = buffer[position : position + RDW_SIZE]
        raise _bad_rdw(rdw, base + position, record + headers.size)
    if final and position < end:
        rest = buffer[position:]
        if len(rest) >= RDW_SIZE and (rest[2] or rest[3]):
            raise _bad_rdw(rest[:RDW_SIZE], base + position, record + headers.size)
        raise _truncated(rest, base + position, record + headers.size + 1)
    return headers, position


def _check_reserved(buffer: bytes, headers: I64Array, base: int, record: int) -> None:
    data = np.frombuffer(buffer, dtype=np.uint8)
    reserved = (data[headers + 2] | data[headers + 3]) != 0
    if reserved.any():
        index = int(np.argmax(reserved))
        position = int(headers[index])
        raise _bad_rdw(buffer[position : position + RDW_SIZE], base + position, record + index)


def _bad_rdw(rdw: bytes, offset: int, index: int) -> ParseError:
    length = rdw[0] << 8 | rdw[1]
    reason = (
        f"reserved bytes 0x{rdw[2:].hex().upper()} are not zero"
        if rdw[2] or rdw[3]
        else f"length {length} is less than the 4-byte RDW itself"
    )
    return ParseError(
        f"record {index + 1}: invalid RDW 0x{rdw.hex().upper()} at offset {offset}: {reason} "
        "(not an RDW file, a BDW-blocked file, or misaligned data)",
        record=index + 1,
        offset=offset,
        rdw=rdw.hex().upper(),
    )


def _truncated(rest: bytes, offset: int, record: int) -> ParseError:
    if len(rest) < RDW_SIZE:
        message = f"truncated RDW: the file ends with {len(rest)} stray byte(s)"
        return ParseError(message, record=record, offset=offset, available=len(rest))
    length = rest[0] << 8 | rest[1]
    return ParseError(
        f"record {record}: RDW at offset {offset} announces {length} bytes but the file "
        f"ends after {len(rest)} (truncated record)",
        record=record,
        offset=offset,
        rdw_length=length,
        available=len(rest),
    )
