"""Helpers shared by the parsers: options, JSON-safe values, column typing, Parquet output."""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pyarrow.parquet as pq

from symphainy.parsers._model import ParsedTable
from symphainy.parsers._options import ParserOptions
from symphainy.types import JSONObject, JSONValue

PREVIEW_ROWS = 20
_NUMERIC = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_INT64_MAX = 2**63

# A parser's options: a mapping from a caller, or options a check already validated.
Options = Mapping[str, object] | ParserOptions


def json_value(value: object) -> JSONValue:
    """Convert a Python value (from polars, openpyxl, YAML...) into a JSON-safe value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal | dt.timedelta):
        return str(value)
    return str(value)


def looks_numeric(text: str) -> bool:
    """Whether `text` reads as a number (used by header detection)."""
    return bool(_NUMERIC.match(text.strip()))


def looks_like_header(cells: Sequence[object]) -> bool:
    """Whether a first row reads as column names: text only, none numeric, not all empty."""
    values = [c for c in cells if c is not None and c != ""]
    if not values:
        return False
    return all(isinstance(c, str) and not looks_numeric(c) for c in values)


def safe_name(text: str, fallback: str) -> str:
    """A file-system-safe stem derived from `text`."""
    cleaned = _UNSAFE.sub("_", text).strip("._")[:80]
    return cleaned or fallback


def unique_names(names: Sequence[object]) -> list[str]:
    """Column names with blanks filled in (`column_N`) and duplicates suffixed (`_2`, `_3`)."""
    used: set[str] = set()
    result: list[str] = []
    for index, raw in enumerate(names, start=1):
        base = (str(raw).strip() if raw is not None else "") or f"column_{index}"
        name, counter = base, 1
        while name in used:
            counter += 1
            name = f"{base}_{counter}"
        used.add(name)
        result.append(name)
    return result


def _kind_of(value: object) -> str:
    if value is None or value == "":
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -_INT64_MAX <= value < _INT64_MAX else "string"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    return "string"


def _merge_kinds(old: str, new: str) -> str:
    if old == new or new == "null":
        return old
    if old == "null":
        return new
    if {old, new} == {"int", "float"}:
        return "float"
    if {old, new} == {"date", "datetime"}:
        return "datetime"
    return "string"


_DTYPES: dict[str, pl.DataType] = {
    "null": pl.String(),
    "bool": pl.Boolean(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "datetime": pl.Datetime("us"),
    "date": pl.Date(),
    "time": pl.Time(),
    "string": pl.String(),
}


class ColumnKinds:
    """Accumulates the narrowest common type of each column over many rows."""

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}

    def observe(self, row: Mapping[str, object]) -> None:
        """Fold one row (column name to value) into the column types."""
        for key, value in row.items():
            self.kinds[key] = _merge_kinds(self.kinds.get(key, "null"), _kind_of(value))

    @property
    def columns(self) -> list[str]:
        """The columns in first-seen order."""
        return list(self.kinds)


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool | int | float | Mapping | list | tuple):
        return orjson.dumps(value, default=str).decode("utf-8")
    return str(value)


def _coerce(value: object, kind: str) -> object:
    if value is None or (value == "" and kind != "string"):
        return None
    if kind == "string":
        return _as_text(value)
    if kind == "float" and isinstance(value, int | float):
        return float(value)
    if kind == "datetime" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def build_frame(kinds: ColumnKinds, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """A DataFrame of `rows` typed by `kinds`; nested values become JSON text."""
    columns = kinds.columns
    data: dict[str, list[object]] = {name: [] for name in columns}
    for row in rows:
        for name in columns:
            data[name].append(_coerce(row.get(name), kinds.kinds[name]))
    return pl.DataFrame(
        [pl.Series(name, data[name], dtype=_DTYPES[kinds.kinds[name]]) for name in columns]
    )


def frame_from_records(columns: Sequence[str], records: Sequence[Sequence[object]]) -> pl.DataFrame:
    """A typed DataFrame from positional records (short records are padded with nulls)."""
    kinds = ColumnKinds()
    for name in columns:
        kinds.kinds[name] = "null"
    rows = [dict(zip(columns, record, strict=False)) for record in records]
    for row in rows:
        kinds.observe(row)
    return build_frame(kinds, rows)


def infer_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast all-text columns that hold only integers or only decimals to numeric types."""
    casts: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        if dtype != pl.String:
            continue
        column = frame.get_column(name).str.strip_chars()
        for target in (pl.Int64, pl.Float64):
            try:
                column.cast(target, strict=True)
            except pl.exceptions.PolarsError:
                continue
            casts.append(pl.col(name).str.strip_chars().cast(target))
            break
    return frame.with_columns(casts) if casts else frame


def frame_preview(frame: pl.DataFrame, limit: int = PREVIEW_ROWS) -> list[JSONObject]:
    """The first `limit` rows as JSON-safe objects."""
    return [{str(k): json_value(v) for k, v in row.items()} for row in frame.head(limit).to_dicts()]


def dtype_names(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """Printable dtype names for a polars schema."""
    return tuple(str(dtype) for dtype in schema.values())


def write_table(frame: pl.DataFrame, name: str, out_dir: Path, stem: str) -> ParsedTable:
    """Write `frame` to `out_dir/stem.parquet` and describe it as a ParsedTable."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if frame.width == 0:
        return ParsedTable(name=name, columns=(), dtypes=(), row_count=0, parquet_path=None)
    path = out_dir / f"{stem}.parquet"
    frame.write_parquet(path)
    return ParsedTable(
        name=name,
        columns=tuple(frame.columns),
        dtypes=dtype_names(frame.schema),
        row_count=frame.height,
        parquet_path=path,
        preview=frame_preview(frame),
    )


def table_from_parquet(name: str, path: Path) -> ParsedTable:
    """Describe an already-written Parquet file as a ParsedTable."""
    schema = pl.read_parquet_schema(path)
    row_count = int(pq.ParquetFile(path).metadata.num_rows)
    return ParsedTable(
        name=name,
        columns=tuple(schema),
        dtypes=dtype_names(schema),
        row_count=row_count,
        parquet_path=path,
        preview=frame_preview(pl.read_parquet(path, n_rows=PREVIEW_ROWS)),
    )


class ParquetBatchWriter:
    """Appends DataFrame batches with one schema to a single Parquet file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self.preview: list[JSONObject] = []
        self._writer: Any = None

    def write(self, frame: pl.DataFrame) -> None:
        """Append one batch."""
        table = frame.to_arrow()
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(str(self.path), table.schema)
        self._writer.write_table(table)
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.extend(frame_preview(frame, PREVIEW_ROWS - len(self.preview)))
        self.rows += frame.height

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def text_rows_table(
    name: str, rows: Sequence[Sequence[str]], out_dir: Path, *, header: bool | None = None
) -> ParsedTable:
    """A table from rows of text cells (PDF, Word, HTML, Markdown tables).

    Rows are padded to the widest row, the first row is the header when `header` says so
    (or, if None, when it reads as one), empty cells become nulls, and all-numeric columns
    become numbers.
    """
    kept = [list(r) for r in rows if any(c.strip() for c in r)]
    width = max((len(r) for r in kept), default=0)
    if width == 0:
        return ParsedTable(name=name, columns=(), dtypes=(), row_count=0, parquet_path=None)
    kept = [r + [""] * (width - len(r)) for r in kept]
    if header is None:
        header = len(kept) > 1 and looks_like_header(kept[0])
    columns = unique_names(kept[0] if header else [None] * width)
    body = kept[1:] if header else kept
    frame = pl.DataFrame(
        {col: [r[i].strip() or None for r in body] for i, col in enumerate(columns)},
        schema=dict.fromkeys(columns, pl.String),
    )
    return write_table(infer_text_columns(frame), name, out_dir, safe_name(name, "table"))
