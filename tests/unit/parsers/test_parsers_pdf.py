from __future__ import annotations

import io

import polars as pl
import pytest
from _pdf_builder import build_pdf
from pypdf import PdfReader, PdfWriter

from symphainy.parsers import ParseError
from symphainy.parsers.pdf_parser import parse_pdf

REPORT = [
    [
        (72, 720, "Quarterly Report"),
        (72, 690, "Revenue grew strongly this quarter."),
        (72, 640, "Region"),
        (200, 640, "Units"),
        (300, 640, "Revenue"),
        (72, 620, "North"),
        (200, 620, "120"),
        (300, 620, "4500.50"),
        (72, 600, "South"),
        (200, 600, "80"),
        (300, 600, "3100.25"),
    ],
    [(72, 720, "Second page (appendix)")],
]


def test_text_per_page_and_table(write_file, out_dir):
    path = write_file("report.pdf", build_pdf(REPORT, title="Q3 Report"))

    outcome = parse_pdf(path, out_dir)

    document = outcome.document
    assert document["page_count"] == 2
    assert document["title"] == "Q3 Report"
    first, second = document["pages"]
    assert "Revenue grew strongly this quarter." in first["text"]
    assert second["text"] == "Second page (appendix)"
    assert first["tables"] == ["page_1_table_1"]
    table = outcome.tables[0]
    assert table.columns == ("Region", "Units", "Revenue")
    assert table.dtypes == ("String", "Int64", "Float64")
    assert pl.read_parquet(table.parquet_path).rows() == [
        ("North", 120, 4500.5),
        ("South", 80, 3100.25),
    ]


def test_table_detection_can_be_disabled(write_file, out_dir):
    outcome = parse_pdf(write_file("r.pdf", build_pdf(REPORT)), out_dir, {"detect_tables": False})
    assert outcome.tables == ()


def test_truncated_pdf_raises(write_file, out_dir):
    data = build_pdf(REPORT)
    with pytest.raises(ParseError) as caught:
        parse_pdf(write_file("cut.pdf", data[:200]), out_dir)
    assert caught.value.extra == {"stage": "open"}


def test_garbage_after_header_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_pdf(write_file("bad.pdf", b"%PDF-1.7\nthis is not a pdf at all\n"), out_dir)
    assert caught.value.extra == {"stage": "open"}


def _encrypted(password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf(REPORT))))
    writer.encrypt(user_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_without_password_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_pdf(write_file("secret.pdf", _encrypted("s3cret")), out_dir)
    assert caught.value.extra == {"reason": "encrypted"}


def test_encrypted_pdf_with_password(write_file, out_dir):
    outcome = parse_pdf(
        write_file("secret.pdf", _encrypted("s3cret")), out_dir, {"password": "s3cret"}
    )
    assert "Quarterly Report" in outcome.document["text"]
    assert outcome.metadata["encrypted"] is True


def test_undecodable_page_content_is_reported_on_its_page(write_file, out_dir):
    data = build_pdf([[(72, 720, "fine page")], [(72, 720, "broken page")]])
    second = data.index(b"<< /Length", data.index(b"fine page"))
    broken = data[:second] + b"<< /Filter /FlateDecode /Length" + data[second + 10 :]

    outcome = parse_pdf(write_file("broken.pdf", broken), out_dir)

    first, last = outcome.document["pages"]
    assert (first["text"], first["warnings"]) == ("fine page", [])
    assert last["text"] == ""
    assert any("decompress" in w for w in last["warnings"])
