"""HTML parser (lxml): title, headings and the sections under them, text, and tables."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import lxml.html

from symphainy.parsers._common import Options, text_rows_table
from symphainy.parsers._encoding import (
    SAMPLE_BYTES,
    bom_encoding,
    detect_encoding,
    normalise,
)
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import HtmlOptions
from symphainy.types import JSONObject, JSONValue

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset({"p", "li", "pre", "blockquote", "dd", "dt", "figcaption", "address"})
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "svg")
_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def parse_html(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse an HTML page into title, headings, sections of paragraphs, text and tables.

    Args:
        path: the HTML file (its charset is taken from the BOM or meta tag).
        out_dir: where each table is written as Parquet.
        options: `HtmlOptions` (none: any key is refused).

    Raises:
        ParseError: the file is empty or not parseable as HTML.
        InvalidParameters: any option (the html parser takes none).
    """
    HtmlOptions.of(options)
    root = _load(path)
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    body = root.find("body")
    scope = body if body is not None else root
    tables = [
        text_rows_table(f"table_{i}", _table_rows(t), out_dir, header=_has_th(t) or None)
        for i, t in enumerate(scope.iter("table"), start=1)
    ]
    headings, sections = _sections(scope)
    title = _title(root, headings)
    text = _clean(scope.text_content())
    return ParseOutcome(
        parser="html",
        content_kind="html",
        record_count=sum(_count(s) for s in sections),
        tables=tuple(tables),
        document={
            "title": title,
            "language": root.get("lang"),
            "headings": headings,
            "sections": sections,
            "text": text,
            "word_count": len(text.split()),
            "table_count": len(tables),
        },
        metadata={"table_count": len(tables)},
    )


def _decode(data: bytes) -> str:
    """Decode by BOM, then a declared charset, then detection (UTF-8 first)."""
    declared = _CHARSET.search(data[:4096])
    encoding = bom_encoding(data)
    if encoding is None and declared:
        try:
            encoding = normalise(declared.group(1).decode("ascii"))
        except ParseError:
            encoding = None
    if encoding is None:
        encoding = detect_encoding(data[:SAMPLE_BYTES], complete=len(data) <= SAMPLE_BYTES)
    text = data.decode(encoding, errors="replace").removeprefix("\ufeff")
    return _XML_DECLARATION.sub("", text, count=1)


def _load(path: Path) -> lxml.html.HtmlElement:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", offset=0) from exc
    if not data.strip():
        raise ParseError("the HTML file is empty", line=1)
    try:
        root: lxml.html.HtmlElement = lxml.html.document_fromstring(_decode(data))
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"unparseable HTML: {exc}", line=1) from exc
    return root


def _title(root: lxml.html.HtmlElement, headings: list[JSONValue]) -> str | None:
    node = root.find(".//title")
    if node is not None and _clean(node.text_content()):
        return _clean(node.text_content())
    first = next((h for h in headings if isinstance(h, dict)), None)
    return str(first["text"]) if first else None


def _inside(element: lxml.html.HtmlElement, tags: frozenset[str]) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _sections(scope: lxml.html.HtmlElement) -> tuple[list[JSONValue], list[JSONValue]]:
    headings: list[JSONValue] = []
    sections: list[JSONObject] = []
    current: JSONObject = {"heading": None, "level": 0, "paragraphs": []}
    for element in scope.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            if current["heading"] is not None or current["paragraphs"]:
                sections.append(current)
            text = _clean(element.text_content())
            current = {"heading": text, "level": _HEADINGS[tag], "paragraphs": []}
            headings.append({"text": text, "level": _HEADINGS[tag]})
        elif tag in _BLOCKS and not _inside(element, _BLOCKS | {"table"}):
            text = _clean(element.text_content())
            paragraphs = current["paragraphs"]
            if text and isinstance(paragraphs, list):
                paragraphs.append(text)
    if current["heading"] is not None or current["paragraphs"]:
        sections.append(current)
    return headings, list(sections)


def _count(section: JSONValue) -> int:
    if isinstance(section, dict) and isinstance(section.get("paragraphs"), list):
        paragraphs = section["paragraphs"]
        return len(paragraphs) if isinstance(paragraphs, list) else 0
    return 0


def _has_th(table: lxml.html.HtmlElement) -> bool:
    first = table.xpath("(./tr | ./thead/tr | ./tbody/tr)[1]")
    return bool(first) and bool(first[0].xpath("./th"))


def _table_rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    return [[_clean(cell.text_content()) for cell in row.xpath("./th | ./td")] for row in rows]
