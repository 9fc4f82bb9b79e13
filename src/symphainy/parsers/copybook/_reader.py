"""The public entry point: a record file plus a copybook to Parquet tables and a ParseOutcome."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from symphainy.errors import InvalidParameters
from symphainy.parsers._limits import ParserSettings
from symphainy.parsers._mainframe_options import MAX_RECORD
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import MainframeOptions
from symphainy.parsers.copybook._blocks import (
    Block,
    Header,
    Scan,
    blocked_scan,
    chained_blocks,
    fb_records,
    fixed_blocks,
    rdw_scan,
    vb_records,
    window,
)
from symphainy.parsers.copybook._charset import Charset, load_charset
from symphainy.parsers.copybook._decoder import LengthCheck, Plan
from symphainy.parsers.copybook._layout import Layout, parse_copybook
from symphainy.parsers.copybook._numeric import decode_number
from symphainy.parsers.copybook._output import Output, write_tables
from symphainy.parsers.copybook._segments import find_column
from symphainy.parsers.copybook._self_delimited import length_field_scan, text_scan
from symphainy.parsers.copybook._values import code_page, value_options

BLOCK_BYTES = 8 * 1024 * 1024


def parse_copybook_records(
    path: Path,
    out_dir: Path,
    *,
    copybook: str,
    settings: ParserSettings | None = None,
    **options: object,
) -> ParseOutcome:
    """Decode a mainframe record file described by a COBOL copybook into Parquet.

    The file is streamed in blocks of about 8 MiB; each block is decoded column by column
    with numpy and written as one Parquet row group per output table, so memory stays flat.

    Args:
        path: The record file.
        out_dir: Directory for the Parquet files (created if missing).
        copybook: The copybook source text (fixed or free format).
        settings: The server's parse Settings (default: their documented defaults); this
            parser reads `parse_invalid_value_locations` from them.
        **options: `MainframeOptions` (Cobrix's names: record_format, is_rdw_big_endian,
            rdw_adjustment, segment_field, redefine_segment_id_map, generate_record_id,
            invalid_values, ...); values may be strings as in Spark.

    Returns:
        One table (or one per segment): column names flattened from the group path, a
        20-row preview; the layout, the output schema and the invalid-value counts as
        metadata.

    Raises:
        ParseError: For a bad option, a bad copybook (with `line`) or bad data (with
            `record`, `offset` and, for values, `field`).
    """
    opts = _validated(options)
    layout = parse_copybook(copybook, values=value_options(opts))
    charset = load_charset(code_page(opts))
    slot = _slot_length(layout, opts)
    plan = Plan.build(
        layout,
        charset,
        check=_check(opts),
        lenient=opts.invalid_values == "null",
        rdw_adjustment=opts.rdw_adjustment if opts.record_format in {"V", "VB"} else None,
    )
    blocks = _blocks(path, layout, charset, opts, slot)
    out_dir.mkdir(parents=True, exist_ok=True)
    kept = (settings or ParserSettings.defaults()).parse_invalid_value_locations
    return write_tables(Output(path, out_dir, plan, opts, slot, kept), blocks)


def _validated(options: dict[str, object]) -> MainframeOptions:
    try:
        return MainframeOptions.of(options)
    except InvalidParameters as exc:
        raise ParseError(exc.detail, **exc.extra) from None


def _check(opts: MainframeOptions) -> LengthCheck:
    # Text lines, segments and length fields are as long as their own content: the columns
    # a record does not reach are null (Cobrix reads them the same way).
    if opts.record_format == "D" or opts.segment_field or opts.record_length_field:
        return "ragged"
    if opts.record_format in {"F", "FB"} and opts.record_length_field is None:
        return "none"
    return "exact"


def _slot_length(layout: Layout, opts: MainframeOptions) -> int | None:
    if opts.record_format not in {"F", "FB"} or opts.record_length_field is not None:
        return None
    offsets = opts.record_start_offset + opts.record_end_offset
    needed = layout.record_length + offsets
    if opts.record_length is None:
        return needed
    if opts.record_length < needed:
        plus = f" plus {offsets} bytes of record offsets" if offsets else ""
        raise ParseError(
            f"record_length {opts.record_length} is shorter than the copybook's "
            f"{layout.record_length} bytes{plus}",
            record_length=opts.record_length,
            layout_length=layout.record_length,
        )
    return opts.record_length


def _blocks(
    path: Path, layout: Layout, charset: Charset, opts: MainframeOptions, slot: int | None
) -> Iterator[Block]:
    blocks = _records(path, layout, charset, opts, slot)
    start, end = opts.record_start_offset, opts.record_end_offset
    if start or end:
        blocks = (block.trimmed(start, end) for block in blocks)
    low, high = opts.minimum_record_length, opts.maximum_record_length
    if low is not None or high is not None:
        blocks = _within(blocks, low or 0, MAX_RECORD if high is None else high)
    return blocks


def _within(blocks: Iterator[Block], low: int, high: int) -> Iterator[Block]:
    """The records whose length is in [low, high] (Cobrix skips the others)."""
    for block in blocks:
        keep = np.flatnonzero((block.lengths >= low) & (block.lengths <= high))
        if keep.size:
            yield block if keep.size == block.size else block.take(keep)


def _records(
    path: Path, layout: Layout, charset: Charset, opts: MainframeOptions, slot: int | None
) -> Iterator[Block]:
    span = window(path, opts.file_start_offset, opts.file_end_offset)
    rdw = Header("RDW", opts.is_rdw_big_endian, opts.rdw_adjustment)
    bdw = Header("BDW", opts.is_bdw_big_endian, opts.bdw_adjustment)
    if (opts.record_format == "F" and slot is not None) or _unblocked(opts, slot):
        return fixed_blocks(path, slot or layout.record_length, BLOCK_BYTES, span)
    if opts.record_format == "F":
        scan = _length_field(layout, charset, opts)
    elif opts.record_format == "FB":
        scan = blocked_scan(bdw, fb_records(slot or layout.record_length))
    elif opts.record_format == "V":
        scan = rdw_scan(rdw)
    elif opts.record_format == "VB":
        scan = blocked_scan(bdw, vb_records(rdw))
    else:
        scan = text_scan
    return chained_blocks(path, scan, BLOCK_BYTES, span)


def _unblocked(opts: MainframeOptions, slot: int | None) -> bool:
    """FB without BDWs (Cobrix's block_length / records_per_block): fixed records as F."""
    if opts.record_format != "FB" or (opts.block_length is None and not opts.records_per_block):
        return False
    if slot and opts.block_length is not None and opts.block_length % slot:
        raise ParseError(
            f"block_length {opts.block_length} is not a multiple of the record length {slot}",
            option="block_length",
        )
    return True


def _length_field(layout: Layout, charset: Charset, opts: MainframeOptions) -> Scan:
    assert opts.record_length_field is not None
    column = find_column(layout, opts.record_length_field, "record_length_field")
    element = column.element
    if element.kind == "text" or column.tables_before or column.odo_table is not None:
        raise ParseError(
            f"record_length_field {column.name} must be a number at a fixed offset "
            "(not text, not after or inside OCCURS DEPENDING ON)",
            option="record_length_field",
            field=column.name,
        )
    at = opts.record_start_offset + column.offset
    reach = at + element.length

    def length_at(buffer: bytes, position: int, record: int, offset: int) -> int:
        raw = np.frombuffer(buffer, np.uint8, element.length, position + at)
        numbers = decode_number(raw.reshape(1, -1), element, charset)
        bad = numbers.bad is not None and bool(numbers.bad[0])
        value = -1 if bad else int(numbers.values[0]) + opts.rdw_adjustment
        if value < reach:
            shown = "an invalid value" if bad else f"record length {value}"
            raise _too_short(column.name, shown, reach, record + 1, offset + at)
        return value

    return length_field_scan(length_at, reach)


def _too_short(field: str, shown: str, reach: int, record: int, offset: int) -> ParseError:
    return ParseError(
        f"record {record}: {field} gives {shown}, but a record needs at least {reach} bytes "
        "to hold the field itself",
        record=record,
        offset=offset,
        field=field,
    )
