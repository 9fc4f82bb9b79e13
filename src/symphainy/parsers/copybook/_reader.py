"""The public entry point: a record file plus a copybook to a Parquet file and a ParseOutcome."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pyarrow.parquet as pq

from symphainy.parsers._model import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers.copybook._blocks import Block, fixed_blocks, rdw_blocks
from symphainy.parsers.copybook._charset import load_charset
from symphainy.parsers.copybook._decoder import Plan, decode_block
from symphainy.parsers.copybook._layout import Layout, parse_copybook
from symphainy.types import JSONObject, JSONValue

RecordFormat = Literal["fixed", "rdw"]
BLOCK_BYTES = 8 * 1024 * 1024
PREVIEW_ROWS = 20


@dataclass(slots=True)
class _Written:
    rows: int = 0
    row_groups: int = 0
    preview: list[JSONObject] = field(default_factory=list)
    invalid: Counter[str] = field(default_factory=Counter)


def parse_copybook_records(
    path: Path,
    out_dir: Path,
    *,
    copybook: str,
    encoding: str = "cp037",
    record_format: RecordFormat = "fixed",
    record_length: int | None = None,
) -> ParseOutcome:
    """Decode a mainframe record file described by a COBOL copybook into Parquet.

    The file is streamed in blocks of about 8 MiB; each block is decoded column by column
    with numpy and written as one Parquet row group, so memory stays bounded.

    Args:
        path: The record file.
        out_dir: Directory for `<stem>.parquet` (created if missing).
        copybook: The copybook source text (fixed or free format).
        encoding: A single-byte Python codec: cp037 (default), cp500, cp1140, ascii, ...
        record_format: "fixed" (records back to back) or "rdw" (each preceded by a
            4-byte Record Descriptor Word).
        record_length: Fixed records only: bytes per record when the file's record is
            longer than the copybook (defaults to the copybook's maximum length).

    Returns:
        One table: column names flattened from the group path, a 20-row preview, and the
        layout (offsets, lengths, usage, PIC, level-88 conditions, REDEFINES) as metadata.

    Raises:
        ParseError: For a bad copybook (with `line`) or bad data (with `record`, `offset`
            and, for values, `field`). Decoding is strict: nothing is skipped.
    """
    layout = parse_copybook(copybook)
    charset = load_charset(encoding)
    slot = _slot_length(layout, record_format, record_length)
    plan = Plan.build(layout, charset, variable_records=record_format == "rdw")
    blocks = (
        rdw_blocks(path, BLOCK_BYTES) if slot is None else fixed_blocks(path, slot, BLOCK_BYTES)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet_path = out_dir / f"{path.stem}.parquet"
    written = _write(plan, blocks, parquet_path)
    table = ParsedTable(
        name=_table_name(layout, path),
        columns=tuple(plan.schema.names),
        dtypes=tuple(str(t) for t in plan.schema.types),
        row_count=written.rows,
        parquet_path=parquet_path,
        preview=written.preview,
    )
    metadata = _metadata(plan, record_format, slot, written, path)
    return ParseOutcome("copybook", "records", written.rows, (table,), None, metadata)


def _slot_length(layout: Layout, record_format: str, record_length: int | None) -> int | None:
    if record_format not in {"fixed", "rdw"}:
        raise ParseError(f"record_format must be 'fixed' or 'rdw', not {record_format!r}")
    if record_format == "rdw":
        if record_length is not None:
            raise ParseError("record_length applies to fixed records only; RDWs give lengths")
        return None
    if record_length is None:
        return layout.record_length
    if record_length < layout.record_length:
        raise ParseError(
            f"record_length {record_length} is shorter than the copybook's "
            f"{layout.record_length} bytes",
            record_length=record_length,
            layout_length=layout.record_length,
        )
    return record_length


def _write(plan: Plan, blocks: Iterator[Block], parquet_path: Path) -> _Written:
    written = _Written()
    partial = parquet_path.with_name(f".{parquet_path.name}.partial")
    try:
        with pq.ParquetWriter(partial, plan.schema) as writer:
            for block in blocks:
                table = decode_block(plan, block, written.invalid)
                writer.write_table(table, row_group_size=max(1, table.num_rows))
                _take_preview(written, table)
                written.rows += table.num_rows
                written.row_groups += 1
        partial.replace(parquet_path)
    finally:
        partial.unlink(missing_ok=True)
    return written


def _take_preview(written: _Written, table: Any) -> None:
    missing = PREVIEW_ROWS - len(written.preview)
    if missing > 0:
        rows = table.slice(0, missing).to_pylist()
        written.preview.extend({k: _jsonable(v) for k, v in row.items()} for row in rows)


def _jsonable(value: Any) -> JSONValue:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _table_name(layout: Layout, path: Path) -> str:
    names = [record.name for record in layout.records if record.name]
    return names[0] if len(names) == 1 and len(layout.records) == 1 else path.stem


def _metadata(
    plan: Plan, record_format: str, slot: int | None, written: _Written, path: Path
) -> JSONObject:
    columns: list[JSONValue] = [
        {
            "name": c.name,
            "field": c.field,
            "offset": c.offset,
            "length": c.element.length,
            "type": c.element.kind,
            "usage": c.element.usage,
            "pic": c.pic or None,
            "dtype": str(c.element.arrow_type()),
        }
        for c in plan.layout.columns
    ]
    invalid: JSONObject = dict(sorted(written.invalid.items()))
    return {
        "source": path.name,
        "bytes": path.stat().st_size,
        "encoding": plan.charset.name,
        "code_page_family": plan.charset.family,
        "record_format": record_format,
        "record_length": slot,
        "row_groups": written.row_groups,
        "decimals": "Parquet decimal128(precision, scale); preview shows exact strings",
        "layout": plan.layout.to_json(),
        "columns": columns,
        "overlay_invalid_values": invalid,
    }
