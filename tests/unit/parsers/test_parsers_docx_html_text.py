from __future__ import annotations

import docx
import polars as pl
import pytest

from symphainy.parsers import ParseError
from symphainy.parsers.docx_parser import parse_docx
from symphainy.parsers.html_parser import parse_html
from symphainy.parsers.text_parser import parse_markdown, parse_text


def _docx(path):
    document = docx.Document()
    document.core_properties.title = "Policy Manual"
    document.add_paragraph("Preamble text before any heading.")
    document.add_heading("Scope", level=1)
    document.add_paragraph("This policy covers claims.")
    document.add_heading("Limits", level=2)
    document.add_paragraph("Limits depend on the plan.")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [["Plan", "Limit", "Rate"], ["Gold", "5000", "1.5"], ["Silver", "2500", "2"]],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("After the table.")
    document.save(path)
    return path


def test_docx_sections_and_tables(tmp_path, out_dir):
    outcome = parse_docx(_docx(tmp_path / "manual.docx"), out_dir)

    doc = outcome.document
    assert doc["title"] == "Policy Manual"
    assert doc["headings"] == [{"text": "Scope", "level": 1}, {"text": "Limits", "level": 2}]
    assert doc["sections"] == [
        {
            "heading": None,
            "level": 0,
            "paragraphs": ["Preamble text before any heading."],
            "tables": [],
        },
        {
            "heading": "Scope",
            "level": 1,
            "paragraphs": ["This policy covers claims."],
            "tables": [],
        },
        {
            "heading": "Limits",
            "level": 2,
            "paragraphs": ["Limits depend on the plan.", "After the table."],
            "tables": ["table_1"],
        },
    ]
    table = outcome.tables[0]
    assert table.columns == ("Plan", "Limit", "Rate")
    assert table.dtypes == ("String", "Int64", "Float64")
    assert pl.read_parquet(table.parquet_path).rows() == [
        ("Gold", 5000, 1.5),
        ("Silver", 2500, 2.0),
    ]
    assert outcome.record_count == 4


def test_truncated_docx_raises(tmp_path, out_dir):
    data = _docx(tmp_path / "m.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 3])

    with pytest.raises(ParseError) as caught:
        parse_docx(path, out_dir)
    assert caught.value.extra == {"stage": "open"}


HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Claims Guide</title><style>p {color: red}</style></head>
<body>
<h1>Claims</h1>
<p>File a claim within <b>30 days</b>.</p>
<script>var ignored = 1;</script>
<h2>Documents</h2>
<ul><li>Receipt</li><li>Form <p>nested</p></li></ul>
<table>
  <thead><tr><th>Form</th><th>Pages</th></tr></thead>
  <tbody><tr><td>A-1</td><td>2</td></tr><tr><td>B-7</td><td>10</td></tr></tbody>
</table>
</body></html>
"""


def test_html_title_sections_text_and_tables(write_file, out_dir):
    outcome = parse_html(write_file("guide.html", HTML), out_dir)

    doc = outcome.document
    assert doc["title"] == "Claims Guide"
    assert doc["language"] == "en"
    assert doc["headings"] == [{"text": "Claims", "level": 1}, {"text": "Documents", "level": 2}]
    assert doc["sections"] == [
        {"heading": "Claims", "level": 1, "paragraphs": ["File a claim within 30 days."]},
        {"heading": "Documents", "level": 2, "paragraphs": ["Receipt", "Form nested"]},
    ]
    assert "ignored" not in doc["text"]
    assert "color" not in doc["text"]
    table = outcome.tables[0]
    assert table.columns == ("Form", "Pages")
    assert pl.read_parquet(table.parquet_path).rows() == [("A-1", 2), ("B-7", 10)]


def test_empty_html_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_html(write_file("empty.html", "  \n"), out_dir)
    assert caught.value.extra == {"line": 1}


MARKDOWN = """Intro Title
===========

Some intro text
spanning two lines.

## Install

Run the installer.

```bash
# not a heading
make install
```

### Options
| Flag | Default |
|------|--------:|
| -v   | 0       |
| -q   | 1       |

Setext Two
----------
Final words.
"""


def test_markdown_sections_paragraphs_tables_and_counts(write_file, out_dir):
    outcome = parse_markdown(write_file("README.md", MARKDOWN), out_dir)

    doc = outcome.document
    assert doc["title"] == "Intro Title"
    assert [(s["heading"], s["level"]) for s in doc["sections"]] == [
        ("Intro Title", 1),
        ("Install", 2),
        ("Options", 3),
        ("Setext Two", 2),
    ]
    assert doc["sections"][0]["paragraphs"] == ["Some intro text spanning two lines."]
    assert doc["sections"][1]["paragraphs"] == [
        "Run the installer.",
        "# not a heading\nmake install",
    ]
    assert doc["sections"][2]["tables"] == ["table_1"]
    assert doc["line_count"] == len(MARKDOWN.splitlines())
    assert doc["word_count"] == len(MARKDOWN.split())
    table = outcome.tables[0]
    assert table.columns == ("Flag", "Default")
    assert pl.read_parquet(table.parquet_path).rows() == [("-v", 0), ("-q", 1)]


def test_plain_text_paragraphs(write_file, out_dir):
    outcome = parse_text(
        write_file(
            "notes.txt", "# not markdown here\nline two\n\n\n  Second para.\n    indented\n"
        ),
        out_dir,
    )

    assert outcome.document["sections"] == [
        {
            "heading": None,
            "level": 0,
            # Plain text keeps its line breaks and relative indentation: they are its structure.
            "paragraphs": ["# not markdown here\nline two", "Second para.\n  indented"],
            "tables": [],
        }
    ]
    assert outcome.document["line_count"] == 6
    assert outcome.document["word_count"] == 9
    assert outcome.record_count == 2


def test_text_in_wrong_encoding_reports_line(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_text(
            write_file("t.txt", "ok\nstill ok\nna\xefve\n".encode("latin-1")),
            out_dir,
            {"encoding": "utf-8"},
        )
    assert caught.value.extra == {"line": 3, "offset": 14}


def test_binary_text_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_text(write_file("t.txt", b"abc\n\x00\x01\x02\xff\xfe\x00"), out_dir)
    assert "offset" in caught.value.extra or "line" in caught.value.extra


@pytest.mark.parametrize(
    "data",
    [
        "<html><body><h1>Café</h1></body></html>".encode(),
        "<html><head><meta charset='windows-1252'></head><body><h1>Café</h1></body></html>".encode(
            "cp1252"
        ),
        "<h1>Café</h1>".encode("utf-16"),
    ],
)
def test_html_charsets(write_file, out_dir, data):
    outcome = parse_html(write_file("page.html", data), out_dir)
    assert outcome.document["headings"] == [{"text": "Café", "level": 1}]
