"""PDF parser (pypdf): text per page, document metadata, and simple aligned-table detection.

Each page's content streams are inflated (and counted, never kept) against the parse limits
before text extraction starts, so a FlateDecode bomb is refused in the time it takes zlib to
reach the limit, not the minutes extraction would spend on it.
"""

from __future__ import annotations

import logging
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, StreamObject

from symphainy.errors import LimitExceeded
from symphainy.parsers._common import (
    Options,
    text_rows_table,
)
from symphainy.parsers._limits import ParserSettings, over
from symphainy.parsers._model import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers._options import PdfOptions
from symphainy.types import JSONObject, JSONValue

_CELL_GAP = re.compile(r"\s{2,}")
_MIN_TABLE_LINES = 3
_INFLATE_STEP = 1 << 20


def parse_pdf(
    path: Path,
    out_dir: Path,
    options: Options | None = None,
    settings: ParserSettings | None = None,
) -> ParseOutcome:
    """Extract the text of every page; tables laid out in aligned columns become tables.

    Args:
        path: the PDF file.
        out_dir: where detected tables are written as Parquet.
        options: `PdfOptions`: `password` for encrypted files; `detect_tables` (default True).
        settings: the parse limits; default: the Settings' defaults.

    Returns:
        A ParseOutcome whose document has `pages` (number, text, table names, and the
        recoverable problems pypdf reported for the page as `warnings`), the joined
        `text`, `title`, `author` and file-level `warnings`.

    Raises:
        ParseError: the file is corrupt, encrypted without the right password, or a page
            cannot be read (with `page`).
        LimitExceeded: too many pages, or page contents that inflate beyond the limits.
        InvalidParameters: an option the pdf parser does not take.
    """
    opts = PdfOptions.of(options)
    limits = settings or ParserSettings.defaults()
    with _pypdf_warnings() as opening:
        reader = _open(path, opts.password)
    detect = opts.detect_tables
    pages: list[JSONValue] = []
    tables: list[ParsedTable] = []
    inflated = 0
    for number in range(1, _page_count(reader, limits) + 1):
        inflated += _checked_contents(reader, number, limits, inflated)
        text, layout, warnings = _page_text(reader, number, with_layout=detect)
        names: list[JSONValue] = []
        for block in _table_blocks(layout) if detect else []:
            name = f"page_{number}_table_{len(names) + 1}"
            tables.append(text_rows_table(name, block, out_dir))
            names.append(name)
        problems: list[JSONValue] = list(warnings)
        pages.append({"number": number, "text": text, "tables": names, "warnings": problems})
    document: JSONObject = {
        "page_count": len(pages),
        "pages": pages,
        "text": "\n\n".join(str(p["text"]) for p in pages if isinstance(p, dict)),
        "warnings": list[JSONValue](dict.fromkeys(opening)),
        **_info(reader),
    }
    return ParseOutcome(
        parser="pdf",
        content_kind="pdf",
        record_count=len(pages),
        tables=tuple(tables),
        document=document,
        metadata={"page_count": len(pages), "encrypted": bool(reader.is_encrypted)},
    )


def _open(path: Path, password: str | None) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            raise ParseError(
                "the PDF is encrypted and the password is missing or wrong", reason="encrypted"
            )
    except DependencyError as exc:
        raise ParseError(f"cannot decrypt this PDF: {exc}", reason="encrypted") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ParseError(f"corrupt or truncated PDF: {exc}", stage="open") from exc
    except NotImplementedError as exc:
        raise ParseError(f"unsupported PDF encryption: {exc}", reason="encrypted") from exc
    return reader


def _page_count(reader: PdfReader, limits: ParserSettings) -> int:
    try:
        count = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ParseError(f"corrupt PDF page tree: {exc}", stage="pages") from exc
    if count == 0:
        raise ParseError("the PDF has no pages", page=0)
    if count > limits.parse_max_pdf_pages:
        raise over("parse_max_pdf_pages", limits.parse_max_pdf_pages, count, "pages")
    return count


def _checked_contents(reader: PdfReader, number: int, limits: ParserSettings, done: int) -> int:
    """The inflated size of page `number`'s contents, refused past the page or total limit."""
    cap = limits.parse_max_pdf_page_bytes
    try:
        size = sum(_inflated_size(s, cap + 1) for s in _content_streams(reader.pages[number - 1]))
    except LimitReachedError as exc:
        raise over("parse_max_pdf_page_bytes", cap, cap + 1, f"page {number} contents") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ParseError(f"cannot read PDF page {number}: {exc}", page=number) from exc
    if size > cap:
        raise over("parse_max_pdf_page_bytes", cap, size, f"inflated page {number} contents")
    total = limits.parse_max_inflated_bytes
    if done + size > total:
        raise over("parse_max_inflated_bytes", total, done + size, "inflated page contents")
    return size


def _content_streams(page: PageObject) -> list[StreamObject]:
    contents = page.get("/Contents")
    if contents is None:
        return []
    obj = contents.get_object()
    items = list(obj) if isinstance(obj, ArrayObject) else [obj]
    return [s for s in (i.get_object() for i in items) if isinstance(s, StreamObject)]


def _inflated_size(stream: StreamObject, cap: int) -> int:
    """Bytes `stream` decodes to, counted up to about `cap` in 1 MiB steps (never held)."""
    if stream.get("/Filter") not in ("/FlateDecode", ["/FlateDecode"]) or "/DecodeParms" in stream:
        return len(stream.get_data())  # pypdf caps each filter's output itself
    inflater, pending, size = zlib.decompressobj(), stream._data, 0
    try:
        while pending and size <= cap:
            size += len(inflater.decompress(pending, _INFLATE_STEP))
            pending = inflater.unconsumed_tail
    except zlib.error:
        return size  # damaged data: pypdf reports it when it extracts the text
    return size


class _Warnings(logging.Handler):
    """Collects pypdf's recoverable-problem messages logged by the current thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    handler = _Warnings()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _page_text(reader: PdfReader, number: int, *, with_layout: bool) -> tuple[str, str, list[str]]:
    with _pypdf_warnings() as warnings:
        try:
            page = reader.pages[number - 1]
            text = page.extract_text() or ""
            layout = (page.extract_text(extraction_mode="layout") or "") if with_layout else ""
        except LimitReachedError as exc:
            raise LimitExceeded(f"page {number}: {exc}", limit="pypdf", page=number) from exc
        except Exception as exc:
            raise ParseError(f"cannot read PDF page {number}: {exc}", page=number) from exc
    return text.strip(), layout, list(dict.fromkeys(warnings))


def _info(reader: PdfReader) -> JSONObject:
    try:
        meta = reader.metadata
    except (PyPdfError, ValueError, KeyError, TypeError):
        meta = None
    if meta is None:
        return {"title": None, "author": None}
    return {
        "title": str(meta.title) if meta.title else None,
        "author": str(meta.author) if meta.author else None,
    }


def _table_blocks(layout: str) -> list[list[list[str]]]:
    """Blocks of three or more lines splitting into the same number (>= 2) of cells.

    Cells are separated by runs of two or more spaces in the layout-preserving text.
    """
    blocks: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in layout.splitlines():
        cells = [c for c in _CELL_GAP.split(line.strip()) if c] if line.strip() else []
        if len(cells) >= 2 and (not current or len(cells) == len(current[0])):
            current.append(cells)
            continue
        if len(current) >= _MIN_TABLE_LINES:
            blocks.append(current)
        current = [cells] if len(cells) >= 2 else []
    if len(current) >= _MIN_TABLE_LINES:
        blocks.append(current)
    return blocks
