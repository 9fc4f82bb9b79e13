"""Ragged-record and blank-line checks for a CSV that polars has already converted.

Polars pads short records with nulls and turns blank lines into all-null rows, so after
a successful conversion the file is checked in up to three steps, each cheaper than the
next and each run only when the previous one cannot rule a problem out:

1. Parquet statistics: no nulls in the last column means no short or blank records.
2. A delimiter count: the delimiter bytes in the file against those that full-width
   records need plus those inside parsed values (one byte scan, one Parquet read).
3. An exact `csv` module pass that finds the line of the first ragged record and the
   row indices of blank lines (which the caller then drops).
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from symphainy.parsers._csv_dialect import Dialect, csv_reader
from symphainy.parsers._model import ParseError

_CHUNK = 4 << 20


def last_column_has_nulls(parquet: Path) -> bool:
    """Whether the Parquet statistics allow a null in the last column."""
    meta = pq.ParquetFile(parquet).metadata
    column = meta.num_columns - 1
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(column).statistics
        if stats is None or not stats.has_null_count or stats.null_count > 0:
            return True
    return False


def _delimiters_in_file(source: Path, delimiter: str) -> int:
    needle, total = delimiter.encode("utf-8"), 0
    with source.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            total += chunk.count(needle)
    return total


def _delimiters_in_values(parquet: Path, dialect: Dialect) -> int:
    frame = pl.scan_parquet(parquet)
    text = [name for name, dtype in frame.collect_schema().items() if dtype == pl.String]
    in_header = sum(name.count(dialect.delimiter) for name in dialect.columns)
    if not text:
        return in_header if dialect.has_header else 0
    counts = [
        pl.col(name).str.count_matches(dialect.delimiter, literal=True).sum() for name in text
    ]
    in_data = int(frame.select(pl.sum_horizontal(counts)).collect().item() or 0)
    return in_data + (in_header if dialect.has_header else 0)


def fields_add_up(source: Path, dialect: Dialect, parquet: Path) -> bool:
    """Whether the file holds exactly the delimiters that full-width records would need.

    Every delimiter byte either separates two fields or sits inside a quoted value, so a
    file without short records (long ones already failed) and without blank lines has
    `records * (fields - 1) + delimiters inside values` of them; a short record or a
    blank line makes the file come up short.
    """
    rows = int(pq.ParquetFile(parquet).metadata.num_rows)
    records = rows + (1 if dialect.has_header else 0)
    expected = records * (dialect.field_count - 1) + _delimiters_in_values(parquet, dialect)
    return _delimiters_in_file(source, dialect.delimiter) == expected


def locate_problems(source: Path, dialect: Dialect, *, strict: bool = False) -> list[int]:
    """Exact pass: raise at the first ragged record, else return blank-line row indices.

    Row indices count data rows the way polars does (blank lines included).

    Args:
        source: the UTF-8 file.
        dialect: its dialect.
        strict: also fail on malformed quoting (used once polars has rejected the file).

    Raises:
        ParseError: a record has a different number of fields than the first record, or
            (strict) is malformed; `line` is the record's first physical line.
    """
    blanks: list[int] = []
    expected: int | None = None
    row, previous = 0, 0
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv_reader(handle, dialect.delimiter, dialect.quotechar, strict=strict)
        try:
            for record in reader:
                start, previous = previous + 1, reader.line_num
                if expected is None:
                    if record:
                        expected = len(record)
                        row = 0 if dialect.has_header else 1
                    continue
                if not record:
                    blanks.append(row)
                elif len(record) != expected:
                    raise ParseError(
                        f"record has {len(record)} fields, expected {expected}",
                        line=start,
                        expected_fields=expected,
                        found_fields=len(record),
                    )
                row += 1
        except csv.Error as exc:
            raise ParseError(f"malformed CSV record: {exc}", line=previous + 1) from exc
    return blanks


def blank_rows_or_raise(source: Path, dialect: Dialect, parquet: Path) -> list[int]:
    """Run the staged checks; return row indices of blank lines to drop.

    Raises:
        ParseError: a record is ragged (with its line number).
    """
    if not last_column_has_nulls(parquet):
        return []
    if fields_add_up(source, dialect, parquet):
        return []
    return locate_problems(source, dialect)
