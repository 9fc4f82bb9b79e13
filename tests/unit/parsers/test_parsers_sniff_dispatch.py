from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import docx
import openpyxl
import pytest
from _pdf_builder import build_pdf

from symphainy.errors import InvalidParameters, MissingDependency
from symphainy.parsers import ParseError, ParseOutcome, parse_file, sniff
from symphainy.parsers._limits import ParserSettings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "content"
BPMN = (
    '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
    '<bpmn:process id="P"><bpmn:startEvent id="S"/></bpmn:process></bpmn:definitions>'
)
X12 = (
    "ISA*00*          *00*          *ZZ*A              *ZZ*B              "
    "*240101*1200*U*00401*000000001*0*P*:~"
    "GS*IN*A*B*20240101*1200*1*X*004010~ST*810*0001~BIG*20240101*INV1~SE*3*0001~GE*1*1~IEA*1*000000001~"
)


def _xlsx(path):
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.active.append([1, 2])
    book.save(path)
    return path.read_bytes()


def _docx(path):
    document = docx.Document()
    document.add_paragraph("hello")
    document.save(path)
    return path.read_bytes()


SAMPLES = {
    "csv": "a;b;c\n1;2;3\n4;5;6\n",
    "text": "Just a few words.\nNothing structured here at all.\n",
    "markdown": "# Title\n\nSome *text* here.\n",
    "yaml": "# config\nname: svc\nports:\n  - 80\n  - 443\n",
    "json": '{\n  "a": [1, 2]\n}\n',
    "jsonl": '{"a": 1}\n{"a": 2}\n',
    "json_schema": '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}',
    "html": "<!doctype html><html><body><p>hi</p></body></html>",
    "bpmn": BPMN,
    "xml": '<?xml version="1.0"?><!-- c --><catalog><item/></catalog>',
    "x12": X12,
    "pdf": build_pdf([[(72, 720, "hi")]]),
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 16,
    "jpeg": b"\xff\xd8\xff\xe0" + b"\x00" * 16,
    "tiff": b"II*\x00" + b"\x00" * 16,
    "empty": "  \n",
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_sniff_from_content_not_name(write_file, kind):
    assert sniff(write_file("upload.bin", SAMPLES[kind])) == kind


def test_sniff_office_files(tmp_path, write_file):
    assert sniff(write_file("a.pdf", _xlsx(tmp_path / "x.xlsx"))) == "xlsx"
    assert sniff(write_file("b.xlsx", _docx(tmp_path / "x.docx"))) == "docx"
    cut = _xlsx(tmp_path / "y.xlsx")
    assert sniff(write_file("c.zip", cut[: len(cut) // 2])) == "xlsx"
    shutil.copy(FIXTURES / "orders.xls", tmp_path / "legacy.dat")
    assert sniff(tmp_path / "legacy.dat") == "xls"


@pytest.mark.parametrize(
    ("kind", "parsing_type", "parser"),
    [
        ("csv", None, "csv"),
        ("csv", "structured", "csv"),
        ("csv", "unstructured", "text"),
        ("json", None, "json"),
        ("jsonl", "structured", "json"),
        ("yaml", None, "yaml"),
        ("json_schema", None, "data_model"),
        ("json_schema", "data_model", "data_model"),
        ("markdown", None, "markdown"),
        ("html", "unstructured", "html"),
        ("text", None, "text"),
        ("bpmn", "workflow", "bpmn"),
        ("x12", "edi", "x12"),
        ("pdf", None, "pdf"),
    ],
)
def test_parse_file_dispatches(write_file, out_dir, kind, parsing_type, parser):
    outcome = parse_file(write_file("upload.bin", SAMPLES[kind]), out_dir, parsing_type, None)

    assert outcome.parser == parser
    assert outcome.metadata["sniffed_kind"] == kind
    assert outcome.metadata["parsing_type"] == parsing_type


@pytest.mark.parametrize(
    ("kind", "parsing_type"),
    [
        ("csv", "workflow"),
        ("pdf", "structured"),
        ("bpmn", "edi"),
        ("x12", "data_model"),
        ("xml", None),
    ],
)
def test_parsing_type_that_does_not_fit_raises(write_file, out_dir, kind, parsing_type):
    with pytest.raises(ParseError) as caught:
        parse_file(write_file("upload.bin", SAMPLES[kind]), out_dir, parsing_type, None)

    assert caught.value.extra["sniffed_kind"] == kind
    assert caught.value.extra["parsing_type"] == parsing_type
    assert "does not fit" in caught.value.detail


def test_non_bpmn_xml_as_workflow_says_where(write_file, out_dir):
    xml = '<?xml version="1.0"?>\n<!-- orders -->\n<catalog>\n  <item/>\n</catalog>\n'
    with pytest.raises(ParseError) as caught:
        parse_file(write_file("upload.bin", xml), out_dir, "workflow", None)
    assert caught.value.extra == {"line": 3}
    assert "not a BPMN 2.0 document: root element is 'catalog'" in caught.value.detail


def test_unknown_parsing_type_and_empty_file_raise(write_file, out_dir):
    with pytest.raises(ParseError):
        parse_file(write_file("a.csv", SAMPLES["csv"]), out_dir, "telepathy", None)
    with pytest.raises(ParseError) as caught:
        parse_file(write_file("e.csv", ""), out_dir, None, None)
    assert caught.value.extra["offset"] == 0


def test_mainframe_goes_to_the_copybook_parser(monkeypatch, write_file, out_dir):
    calls = []

    def fake(path, out_dir, **kwargs):
        calls.append(kwargs)
        return ParseOutcome(parser="copybook", content_kind="records", record_count=0)

    module = types.ModuleType("symphainy.parsers.copybook")
    module.parse_copybook_records = fake
    monkeypatch.setitem(sys.modules, module.__name__, module)

    outcome = parse_file(
        write_file("data.dat", b"\xc1\xc2\xc3"),
        out_dir,
        "mainframe",
        {"copybook": "01 REC.\n   05 A PIC X(3).", "encoding": "cp037", "record_length": 3},
    )

    assert outcome.parser == "copybook"
    assert outcome.metadata["parsing_type"] == "mainframe"
    book = "01 REC.\n   05 A PIC X(3)."
    # only the options the caller set are relayed (the parser keeps Cobrix's defaults),
    # with the server's parse Settings
    settings = ParserSettings.defaults()
    assert calls == [
        {"copybook": book, "settings": settings, "encoding": "cp037", "record_length": 3}
    ]


def test_mainframe_options_are_checked(write_file, out_dir):
    with pytest.raises(InvalidParameters) as caught:
        parse_file(write_file("d.dat", b"\xc1"), out_dir, "mainframe", {"ebcdic_code_page": "x"})
    assert caught.value.extra["parser"] == "mainframe"


def test_mainframe_needs_a_copybook(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_file(write_file("data.dat", b"\xc1"), out_dir, "mainframe", {})
    assert caught.value.extra == {"option": "copybook"}


def test_data_model_from_json_via_dispatch(write_file, out_dir):
    schema = {"properties": {"id": {"type": "integer"}}, "required": ["id"], "title": "Thing"}
    outcome = parse_file(write_file("t.json", json.dumps(schema)), out_dir, "data_model", None)
    assert outcome.document["entities"][0]["name"] == "Thing"


def test_missing_copybook_module_is_reported(monkeypatch, write_file, out_dir):
    monkeypatch.setitem(sys.modules, "symphainy.parsers.copybook", None)
    with pytest.raises((MissingDependency, ImportError)):
        parse_file(write_file("data.dat", b"\xc1"), out_dir, "mainframe", {"copybook": "x"})
