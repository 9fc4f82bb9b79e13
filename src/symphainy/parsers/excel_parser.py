"""Excel workbooks: every sheet of an xlsx (openpyxl, read-only) or xls (xlrd) becomes a table.

Each sheet is materialised in memory before it is written, so the rows and cells read are
counted against the parse limits as they stream in; an xlsx's zip directory is checked
against the inflation limits before openpyxl opens it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import openpyxl
import xlrd

from symphainy.errors import LimitExceeded
from symphainy.parsers._common import (
    Options,
    frame_from_records,
    looks_like_header,
    safe_name,
    unique_names,
    write_table,
)
from symphainy.parsers._encoding import read_sample
from symphainy.parsers._limits import ParserSettings, TableBudget, check_zip
from symphainy.parsers._model import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers._options import ExcelOptions

Row = Sequence[object]


def parse_excel(
    path: Path,
    out_dir: Path,
    options: Options | None = None,
    settings: ParserSettings | None = None,
) -> ParseOutcome:
    """Parse every sheet of an Excel workbook into a Parquet-backed table.

    Args:
        path: an .xlsx/.xlsm (zip) or .xls (OLE2) workbook; the format is sniffed.
        out_dir: where one Parquet file per non-empty sheet is written.
        options: `ExcelOptions`: `has_header` (bool) to skip header detection.
        settings: the parse limits; default: the Settings' defaults.

    Raises:
        ParseError: the workbook is truncated or corrupt (with `sheet` and `row` when known).
        LimitExceeded: the workbook inflates, or holds rows or cells, beyond the limits.
        InvalidParameters: an option the excel parser does not take.
    """
    header = ExcelOptions.of(options).has_header
    limits = settings or ParserSettings.defaults()
    head, _ = read_sample(path, 8)
    if head.startswith(b"PK"):
        check_zip(path, limits)
        fmt, sheets = "xlsx", _xlsx_sheets(path)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        fmt, sheets = "xls", _xls_sheets(path)
    else:
        raise ParseError("not an Excel workbook (neither zip nor OLE2 container)", offset=0)
    budget = TableBudget(limits)
    tables: list[ParsedTable] = []
    for index, (name, rows) in enumerate(sheets, start=1):
        stem = f"sheet_{index}_{safe_name(name, 'sheet')}"
        cells = _materialise(name, rows, budget)
        tables.append(_sheet_table(name, cells, out_dir, stem, header))
    return ParseOutcome(
        parser="excel",
        content_kind=fmt,
        record_count=sum(t.row_count for t in tables),
        tables=tuple(tables),
        metadata={"format": fmt, "sheet_names": [t.name for t in tables]},
    )


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[Row]]]:
    # A file object, not the path: openpyxl would otherwise insist on an .xlsx extension.
    with path.open("rb") as handle:
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:
            raise ParseError(f"corrupt or truncated xlsx workbook: {exc}", stage="open") from exc
        try:
            for sheet in book.worksheets:
                yield str(sheet.title), sheet.iter_rows(values_only=True)
        finally:
            book.close()


def _xls_sheets(path: Path) -> Iterator[tuple[str, Iterator[Row]]]:
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:
        raise ParseError(f"corrupt or truncated xls workbook: {exc}", stage="open") from exc
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:
                name = book.sheet_names()[index]
                raise ParseError(f"corrupt xls sheet: {exc}", sheet=name) from exc
            yield str(sheet.name), _xls_rows(sheet, int(book.datemode))
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _xls_rows(sheet: xlrd.sheet.Sheet, datemode: int) -> Iterator[Row]:
    for index in range(sheet.nrows):
        yield [_xls_value(cell, datemode) for cell in sheet.row(index)]


def _xls_value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    ctype, value = cell.ctype, cell.value
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if ctype == xlrd.XL_CELL_DATE:
        moment: dt.datetime = xlrd.xldate_as_datetime(value, datemode)
        return moment
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, "#ERROR"))
    if ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
        return int(value)
    return value


def _materialise(sheet: str, rows: Iterable[Row], budget: TableBudget) -> list[list[object]]:
    """Read a sheet's rows, dropping blank rows at the edges and blank trailing columns."""
    result: list[list[object]] = []
    read = 0  # rows read so far; the failing one is the next
    try:
        for row in rows:
            budget.take(len(row))
            values = [None if v == "" else v for v in row]
            if result or any(v is not None for v in values):
                result.append(values)
            read += 1
    except LimitExceeded:
        raise
    except Exception as exc:
        raise ParseError(f"corrupt sheet data: {exc}", sheet=sheet, row=read + 1) from exc
    while result and all(v is None for v in result[-1]):
        result.pop()
    width = max((_last_filled(r) for r in result), default=0)
    return [(r + [None] * width)[:width] for r in result]


def _last_filled(row: Sequence[object]) -> int:
    for index in range(len(row), 0, -1):
        if row[index - 1] is not None:
            return index
    return 0


def _sheet_table(
    name: str, rows: list[list[object]], out_dir: Path, stem: str, header: bool | None
) -> ParsedTable:
    if not rows:
        return ParsedTable(name=name, columns=(), dtypes=(), row_count=0, parquet_path=None)
    has_header = looks_like_header(rows[0]) if header is None else header
    width = len(rows[0])
    columns = unique_names(rows[0] if has_header else [None] * width)
    frame = frame_from_records(columns, rows[1:] if has_header else rows)
    return write_table(frame, name, out_dir, stem)
