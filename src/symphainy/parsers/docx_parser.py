"""Word .docx parser (python-docx): headings make sections, tables become tables."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from symphainy.errors import LimitExceeded
from symphainy.parsers._common import Options, text_rows_table
from symphainy.parsers._limits import ParserSettings, TableBudget, check_zip
from symphainy.parsers._model import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers._options import DocxOptions
from symphainy.types import JSONObject, JSONValue

_HEADING = re.compile(r"^Heading\s*(\d)$", re.IGNORECASE)


class _Sections:
    """Collects paragraphs and table names under the most recent heading."""

    def __init__(self) -> None:
        self.items: list[JSONObject] = []
        self.paragraphs = 0

    def heading(self, text: str, level: int) -> None:
        """Start a new section."""
        self.items.append({"heading": text, "level": level, "paragraphs": [], "tables": []})

    def _current(self) -> JSONObject:
        if not self.items:
            self.items.append({"heading": None, "level": 0, "paragraphs": [], "tables": []})
        return self.items[-1]

    def paragraph(self, text: str) -> None:
        """Add a paragraph to the current section."""
        _append(self._current(), "paragraphs", text)
        self.paragraphs += 1

    def table(self, name: str) -> None:
        """Record that a table sits in the current section."""
        _append(self._current(), "tables", name)


def _append(section: JSONObject, key: str, value: JSONValue) -> None:
    bucket = section[key]
    if isinstance(bucket, list):
        bucket.append(value)


def parse_docx(
    path: Path,
    out_dir: Path,
    options: Options | None = None,
    settings: ParserSettings | None = None,
) -> ParseOutcome:
    """Parse a Word document into sections (by heading level) and tables.

    Args:
        path: the .docx file.
        out_dir: where each table is written as Parquet.
        options: `DocxOptions` (none: any key is refused).
        settings: the parse limits; default: the Settings' defaults.

    Raises:
        ParseError: the file is not a readable .docx package.
        LimitExceeded: the package inflates, or its tables hold rows or cells, beyond
            the limits (checked from the zip directory before python-docx reads it).
        InvalidParameters: any option (the docx parser takes none).
    """
    DocxOptions.of(options)
    limits = settings or ParserSettings.defaults()
    check_zip(path, limits)
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
        core_title = document.core_properties.title
    except Exception as exc:
        raise ParseError(f"corrupt or truncated docx document: {exc}", stage="open") from exc
    sections = _Sections()
    budget = TableBudget(limits)
    tables: list[ParsedTable] = []
    headings: list[JSONValue] = []
    for block in blocks:
        if isinstance(block, Table):
            name = f"table_{len(tables) + 1}"
            tables.append(_table(block, name, out_dir, budget))
            sections.table(name)
        elif isinstance(block, Paragraph):
            _paragraph(block, sections, headings)
    title = core_title or next((h["text"] for h in headings if isinstance(h, dict)), None)
    return ParseOutcome(
        parser="docx",
        content_kind="docx",
        record_count=sections.paragraphs,
        tables=tuple(tables),
        document={
            "title": title,
            "headings": headings,
            "sections": list(sections.items),
            "paragraph_count": sections.paragraphs,
            "table_count": len(tables),
        },
        metadata={"table_count": len(tables)},
    )


def _heading_level(paragraph: Paragraph) -> int | None:
    style = paragraph.style.name if paragraph.style is not None else ""
    if style == "Title":
        return 0
    match = _HEADING.match(style or "")
    return int(match.group(1)) if match else None


def _paragraph(paragraph: Paragraph, sections: _Sections, headings: list[JSONValue]) -> None:
    text = paragraph.text.strip()
    if not text:
        return
    level = _heading_level(paragraph)
    if level is None:
        sections.paragraph(text)
        return
    sections.heading(text, level)
    headings.append({"text": text, "level": level})


def _table(table: Table, name: str, out_dir: Path, budget: TableBudget) -> ParsedTable:
    rows: list[list[str]] = []
    try:
        for row in table.rows:
            rows.append([cell.text for cell in row.cells])
            budget.take(len(rows[-1]))
    except LimitExceeded:
        raise
    except Exception as exc:
        raise ParseError(f"malformed table: {exc}", table=name) from exc
    return text_rows_table(name, rows, out_dir)
