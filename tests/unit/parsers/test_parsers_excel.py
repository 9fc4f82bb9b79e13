from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from symphainy.parsers import ParseError
from symphainy.parsers.excel_parser import parse_excel

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "content"


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sales = book.active
    sales.title = "Sales"
    sales.append(["region", "units", "price", "closed", "when"])
    sales.append(["North", 10, 2.5, True, dt.datetime(2024, 1, 2, 9, 30)])
    sales.append(["South", 7, 3, False, dt.datetime(2024, 1, 3)])
    sales.append([None, None, None, None, None])
    people = book.create_sheet("People & Roles")
    people.append([None])
    people.append(["name", "code"])
    people.append(["Ann", 1])
    people.append(["Bo", "X2"])
    book.create_sheet("Blank")
    book.save(path)
    return path


def test_all_sheets_become_tables(tmp_path, out_dir):
    outcome = parse_excel(_workbook(tmp_path / "book.bin"), out_dir)

    assert outcome.content_kind == "xlsx"
    assert outcome.metadata["sheet_names"] == ["Sales", "People & Roles", "Blank"]
    sales, people, blank = outcome.tables
    assert sales.columns == ("region", "units", "price", "closed", "when")
    assert sales.dtypes == (
        "String",
        "Int64",
        "Float64",
        "Boolean",
        "Datetime(time_unit='us', time_zone=None)",
    )
    assert sales.row_count == 2
    assert sales.preview[0] == {
        "region": "North",
        "units": 10,
        "price": 2.5,
        "closed": True,
        "when": "2024-01-02T09:30:00",
    }
    assert sales.parquet_path is not None
    assert pl.read_parquet(sales.parquet_path)["price"].to_list() == [2.5, 3.0]
    assert people.columns == ("name", "code")
    assert pl.read_parquet(people.parquet_path)["code"].to_list() == ["1", "X2"]
    assert blank.row_count == 0
    assert blank.parquet_path is None
    assert outcome.record_count == 4


def test_truncated_xlsx_raises(tmp_path, out_dir):
    data = _workbook(tmp_path / "book.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])

    with pytest.raises(ParseError) as caught:
        parse_excel(path, out_dir)

    assert caught.value.extra == {"stage": "open"}
    assert "truncated" in caught.value.detail


def test_corrupt_sheet_xml_names_the_sheet(tmp_path, out_dir):
    source = _workbook(tmp_path / "book.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)

    with pytest.raises(ParseError) as caught:
        parse_excel(broken, out_dir)

    assert caught.value.extra["sheet"] == "Sales"
    assert "row" in caught.value.extra


def test_xls_workbook(tmp_path, out_dir):
    path = tmp_path / "orders.data"
    shutil.copy(FIXTURES / "orders.xls", path)

    outcome = parse_excel(path, out_dir)

    assert outcome.content_kind == "xls"
    orders, notes, empty = outcome.tables
    assert orders.columns == ("order_id", "customer", "amount", "shipped", "ordered_on")
    assert orders.dtypes[:4] == ("Int64", "String", "Float64", "Boolean")
    assert orders.preview[0] == {
        "order_id": 1,
        "customer": "Acme",
        "amount": 125.5,
        "shipped": True,
        "ordered_on": "2024-01-15T00:00:00",
    }
    assert notes.preview == [{"note": "legacy format"}]
    assert empty.row_count == 0


def test_corrupt_xls_raises(tmp_path, out_dir):
    data = (FIXTURES / "orders.xls").read_bytes()
    path = tmp_path / "bad.xls"
    path.write_bytes(data[:1024])

    with pytest.raises(ParseError) as caught:
        parse_excel(path, out_dir)

    assert caught.value.extra == {"stage": "open"}


def test_non_workbook_raises(tmp_path, out_dir):
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook")

    with pytest.raises(ParseError) as caught:
        parse_excel(path, out_dir)
    assert caught.value.extra == {"offset": 0}
