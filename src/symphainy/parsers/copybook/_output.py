"""Writing decoded blocks: one Parquet file per output table (per segment), previews, metadata."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.parsers._model import ParsedTable, ParseOutcome
from symphainy.parsers._options import MainframeOptions
from symphainy.parsers.copybook._arrow import (
    PARENT_FIELD,
    RECORD_BYTES_FIELD,
    RECORD_ID_FIELDS,
    record_bytes_array,
    record_id_arrays,
)
from symphainy.parsers.copybook._blocks import Block
from symphainy.parsers.copybook._decoder import Plan, Tally, decode_block
from symphainy.parsers.copybook._seg_ids import SegmentLevels
from symphainy.parsers.copybook._segments import (
    ParentTracker,
    Segmentation,
    segmentation,
    single,
)
from symphainy.types import JSONObject, JSONValue

PREVIEW_ROWS = 20


@dataclass(frozen=True, slots=True)
class Output:
    """What a parse writes from: the source, the target directory, plan and options."""

    path: Path
    out_dir: Path
    plan: Plan
    options: MainframeOptions
    slot: int | None
    locations_kept: int
    """Invalid-value locations kept per column (the Setting parse_invalid_value_locations)."""


@dataclass(slots=True)
class _Table:
    name: str
    plan: Plan
    schema: Any
    parquet_path: Path
    parent: int | None = None
    ids: bool = False
    raw: bool = False
    rows: int = 0
    row_groups: int = 0
    preview: list[JSONObject] = field(default_factory=list)

    @property
    def partial(self) -> Path:
        return self.parquet_path.with_name(f".{self.parquet_path.name}.partial")


def write_tables(out: Output, blocks: Iterator[Block]) -> ParseOutcome:
    """Decode every block into its table(s) and return the outcome with its metadata."""
    split = _segmentation(out)
    levels = _levels(out.options)
    tables = _tables(out, split, levels)
    tally = Tally(out.locations_kept)
    try:
        _stream(tables, split, levels, blocks, tally)
        for table in tables:
            table.partial.replace(table.parquet_path)
    finally:
        for table in tables:
            table.partial.unlink(missing_ok=True)
    parsed = tuple(_parsed(t) for t in tables)
    records = sum(t.rows for t in tables)
    metadata = _metadata(out, tables, tally)
    return ParseOutcome("copybook", "records", records, parsed, None, metadata)


def _segmentation(out: Output) -> Segmentation | None:
    opts = out.options
    field, mapping, keep = opts.segment_field, opts.redefine_segment_id_map, opts.segment_filter
    if field is None:
        return None
    if mapping is None:
        return single(out.plan, field, keep)
    return segmentation(out.plan, field, mapping, opts.segment_children, keep)


def _levels(opts: MainframeOptions) -> SegmentLevels | None:
    if not opts.segment_levels:
        return None
    prefix = opts.segment_id_prefix or datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    return SegmentLevels(opts.segment_levels, prefix)


def _tables(out: Output, split: Segmentation | None, levels: SegmentLevels | None) -> list[_Table]:
    opts = out.options
    ids = opts.generate_record_id or opts.segment_children is not None
    raw = opts.generate_record_bytes
    extra = [*(RECORD_ID_FIELDS if ids else ()), *([RECORD_BYTES_FIELD] if raw else [])]
    extra += levels.fields if levels else []
    stem = out.path.stem
    if split is None or opts.redefine_segment_id_map is None:
        schema = pa.schema([*extra, *out.plan.schema])
        path = out.out_dir / f"{stem}.parquet"
        return [_Table(_table_name(out), out.plan, schema, path, None, ids, raw)]
    return [
        _Table(
            s.name,
            s.plan,
            pa.schema([*extra, *([PARENT_FIELD] if s.parent is not None else []), *s.plan.schema]),
            out.out_dir / f"{stem}.{s.name}.parquet",
            s.parent,
            ids,
            raw,
        )
        for s in split.segments
    ]


def _stream(
    tables: list[_Table],
    split: Segmentation | None,
    levels: SegmentLevels | None,
    blocks: Iterator[Block],
    tally: Tally,
) -> None:
    with ExitStack() as stack:
        writers = [stack.enter_context(pq.ParquetWriter(t.partial, t.schema)) for t in tables]
        tracker = ParentTracker(len(tables))
        layout = tables[0].plan.layout
        for block in blocks:
            if split is None:
                _write(tables[0], writers[0], block, tally, [])
                continue
            # Gather the records' bytes once: the key and every segment read from them.
            if block.matrix is None and not layout.variable:
                block = block.with_matrix(layout.record_length)
            text = split.keys(block, tally)
            which = split.route(block, text)
            generated = levels.ids(text.to_pylist(), block.record_ids) if levels else []
            latest = tracker.latest(which, block.record_ids)
            for index, (table, writer) in enumerate(zip(tables, writers, strict=True)):
                rows = np.flatnonzero(which == index)
                if rows.size:
                    before = [column.take(rows) for column in generated]
                    if table.parent is not None:
                        before.append(_parent_ids(latest[table.parent][rows]))
                    _write(table, writer, block.take(rows), tally, before)


def _parent_ids(parents: npt.NDArray[np.int64]) -> Any:
    return pa.array(parents, type=pa.int64(), mask=parents < 0)


def _write(table: _Table, writer: Any, block: Block, tally: Tally, before: list[Any]) -> None:
    """Write one block's rows: record ids, raw bytes, then `before`, then the copybook's."""
    decoded = decode_block(table.plan, block, tally)
    extra: list[Any] = []
    if table.ids:
        extra = record_id_arrays(block.record_ids, block.lengths, block.file_offsets)
    if table.raw:
        extra.append(record_bytes_array(block.data, block.starts, block.lengths))
    result = pa.Table.from_arrays([*extra, *before, *decoded.columns], schema=table.schema)
    writer.write_table(result, row_group_size=max(1, result.num_rows))
    _take_preview(table, result)
    table.rows += result.num_rows
    table.row_groups += 1


def _take_preview(table: _Table, result: Any) -> None:
    missing = PREVIEW_ROWS - len(table.preview)
    if missing > 0:
        rows = result.slice(0, missing).to_pylist()
        table.preview.extend({k: _jsonable(v) for k, v in row.items()} for row in rows)


def _jsonable(value: Any) -> JSONValue:
    if isinstance(value, bytes):
        return value.hex().upper()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _table_name(out: Output) -> str:
    layout = out.plan.layout
    names = [record.name for record in layout.records if record.name]
    return names[0] if len(names) == 1 and len(layout.records) == 1 else out.path.stem


def _parsed(table: _Table) -> ParsedTable:
    return ParsedTable(
        name=table.name,
        columns=tuple(table.schema.names),
        dtypes=tuple(str(t) for t in table.schema.types),
        row_count=table.rows,
        parquet_path=table.parquet_path,
        preview=table.preview,
    )


def _metadata(out: Output, tables: list[_Table], tally: Tally) -> JSONObject:
    plan, opts = out.plan, out.options
    return {
        "source": out.path.name,
        "bytes": out.path.stat().st_size,
        "encoding": plan.charset.name,
        "code_page_family": plan.charset.family,
        "record_format": opts.record_format,
        "record_length": out.slot,
        "row_groups": sum(t.row_groups for t in tables),
        "decimals": "Parquet decimal128(precision, scale); preview shows exact strings",
        "layout": plan.layout.to_json(),
        "columns": _columns_json(plan),
        "schema": _schema_json(tables),
        "segments": [t.name for t in tables] if opts.redefine_segment_id_map else None,
        "segment_filter": list(opts.segment_filter or []) or None,
        "invalid_values_mode": opts.invalid_values,
        "invalid_values": tally.to_json(),
        "invalid_values_locations_kept": out.locations_kept,
        "overlay_invalid_values": dict(sorted(tally.overlay.items())),
    }


def _columns_json(plan: Plan) -> list[JSONValue]:
    return [
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


def _schema_json(tables: list[_Table]) -> list[JSONValue]:
    """Each output table's columns and their Arrow types: the result's output schema."""
    return [
        {
            "table": t.name,
            "rows": t.rows,
            "columns": [{"name": f.name, "type": str(f.type)} for f in t.schema],
        }
        for t in tables
    ]
