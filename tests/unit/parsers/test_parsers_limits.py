"""Parsers of containers and compressed formats stop at the configured limits, typed."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from tests.unit.capabilities.content._bombs import docx_bomb, pdf_bomb, xlsx_bomb, xlsx_sheet
from tests.unit.parsers._pdf_builder import build_pdf

from symphainy.errors import LimitExceeded
from symphainy.parsers import ParseError
from symphainy.parsers._limits import ParserSettings
from symphainy.parsers.dispatch import parse_file
from symphainy.parsers.docx_parser import parse_docx
from symphainy.parsers.excel_parser import parse_excel
from symphainy.parsers.pdf_parser import parse_pdf


def limits(**changes: Any) -> ParserSettings:
    return dataclasses.replace(ParserSettings.defaults(), **changes)


def refused(call: Any, *args: Any) -> LimitExceeded:
    with pytest.raises(LimitExceeded) as caught:
        call(*args)
    assert caught.value.status == 413
    assert caught.value.problem_type == "limit-exceeded"
    return caught.value


def test_defaults_are_the_settings_defaults() -> None:
    assert ParserSettings.defaults().parse_max_rows == 1_048_576
    assert ParserSettings.defaults().tesseract_cmd == ""


@pytest.mark.parametrize(
    ("build", "name"), [(xlsx_bomb, "b.xlsx"), (docx_bomb, "b.docx"), (pdf_bomb, "b.pdf")]
)
def test_bombs_are_refused_by_default_limits(tmp_path: Path, build: Any, name: str) -> None:
    path = build(tmp_path / name)
    assert path.stat().st_size < 1_000_000
    error = refused(parse_file, path, tmp_path / "out", None, None, ParserSettings.defaults())
    assert error.extra["limit"] in {
        "parse_max_compression_ratio",
        "parse_max_member_bytes",
        "parse_max_pdf_page_bytes",
    }
    assert error.extra["found"] > error.extra["maximum"]
    assert not list((tmp_path / "out").glob("**/*.parquet"))


def test_xlsx_rows_limit(tmp_path: Path) -> None:
    path = xlsx_sheet(tmp_path / "rows.xlsx", 50)
    error = refused(parse_excel, path, tmp_path / "out", None, limits(parse_max_rows=10))
    assert (error.extra["limit"], error.extra["maximum"], error.extra["found"]) == (
        "parse_max_rows",
        10,
        11,
    )
    assert parse_excel(path, tmp_path / "ok", None, limits(parse_max_rows=50)).record_count == 50


def test_xlsx_cells_limit(tmp_path: Path) -> None:
    path = xlsx_sheet(tmp_path / "cells.xlsx", 50)
    error = refused(parse_excel, path, tmp_path / "out", None, limits(parse_max_cells=21))
    assert (error.extra["limit"], error.extra["found"]) == ("parse_max_cells", 22)


def test_member_and_total_inflated_limits(tmp_path: Path) -> None:
    path = xlsx_sheet(tmp_path / "big.xlsx", 40_000)  # a ~1.8 MB sheet
    error = refused(
        parse_excel, path, tmp_path / "o1", None, limits(parse_max_member_bytes=1 << 20)
    )
    assert error.extra["limit"] == "parse_max_member_bytes"
    total = limits(parse_max_inflated_bytes=1 << 20, parse_max_compression_ratio=10_000)
    error = refused(parse_excel, path, tmp_path / "o2", None, total)
    assert error.extra["limit"] == "parse_max_inflated_bytes"


def test_docx_table_cells_count(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=30, cols=3)
    for index, row in enumerate(table.rows):
        row.cells[0].text = str(index)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "t.docx"
    path.write_bytes(buffer.getvalue())
    error = refused(parse_docx, path, tmp_path / "out", None, limits(parse_max_cells=60))
    assert error.extra["limit"] == "parse_max_cells"


def test_pdf_pages_limit(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(build_pdf([[(72, 720, f"page {n}")] for n in range(4)]))
    error = refused(parse_pdf, path, tmp_path / "out", None, limits(parse_max_pdf_pages=3))
    assert (error.extra["limit"], error.extra["found"]) == ("parse_max_pdf_pages", 4)
    assert parse_pdf(path, tmp_path / "ok", None, limits(parse_max_pdf_pages=4)).record_count == 4


def test_pdf_page_contents_count_against_the_total(tmp_path: Path) -> None:
    path = pdf_bomb(tmp_path / "b.pdf", inflated=3 * 1024 * 1024)
    error = refused(
        parse_pdf, path, tmp_path / "out", None, limits(parse_max_inflated_bytes=2 * 1024 * 1024)
    )
    assert error.extra["limit"] == "parse_max_inflated_bytes"


def test_a_member_that_lies_about_its_size_cannot_inflate_past_it(tmp_path: Path) -> None:
    # The checks trust the zip directory because zipfile, which openpyxl and python-docx
    # read through, stops at the declared size; the cut-short member then fails its CRC.
    path = xlsx_sheet(tmp_path / "lie.xlsx", 20_000, zip64=False)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    header = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    declared = int.from_bytes(data[header + 24 : header + 28], "little")
    assert declared > 500_000
    data[header + 24 : header + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ParseError):
        parse_excel(path, tmp_path / "out", None, limits(parse_max_member_bytes=2000))
