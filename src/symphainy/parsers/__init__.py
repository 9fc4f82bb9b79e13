"""File parsers: pure functions from a file on disk to a ParseOutcome (no runtime imports).

The parser functions are imported lazily, so importing this package (for example for
`ParseError`) does not require the optional `parsers` dependencies.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from symphainy.parsers._model import (
    ParsedTable,
    ParseError,
    ParseOutcome,
)

if TYPE_CHECKING:
    from symphainy.parsers._routes import PARSING_TYPES
    from symphainy.parsers.bpmn_parser import bpmn_document, parse_bpmn
    from symphainy.parsers.bpmn_writer import write_bpmn
    from symphainy.parsers.csv_parser import parse_csv
    from symphainy.parsers.data_model_parser import parse_data_model
    from symphainy.parsers.dispatch import parse_file
    from symphainy.parsers.docx_parser import parse_docx
    from symphainy.parsers.excel_parser import parse_excel
    from symphainy.parsers.html_parser import parse_html
    from symphainy.parsers.image_parser import parse_image
    from symphainy.parsers.json_parser import parse_json, parse_yaml
    from symphainy.parsers.pdf_parser import parse_pdf
    from symphainy.parsers.sniffer import sniff
    from symphainy.parsers.text_parser import parse_markdown, parse_text
    from symphainy.parsers.x12_parser import parse_x12

_LAZY: dict[str, str] = {
    "PARSING_TYPES": "_routes",
    "bpmn_document": "bpmn_parser",
    "parse_bpmn": "bpmn_parser",
    "parse_csv": "csv_parser",
    "parse_data_model": "data_model_parser",
    "parse_docx": "docx_parser",
    "parse_excel": "excel_parser",
    "parse_file": "dispatch",
    "parse_html": "html_parser",
    "parse_image": "image_parser",
    "parse_json": "json_parser",
    "parse_markdown": "text_parser",
    "parse_pdf": "pdf_parser",
    "parse_text": "text_parser",
    "parse_x12": "x12_parser",
    "parse_yaml": "json_parser",
    "sniff": "sniffer",
    "write_bpmn": "bpmn_writer",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "PARSING_TYPES",
    "ParseError",
    "ParseOutcome",
    "ParsedTable",
    "bpmn_document",
    "parse_bpmn",
    "parse_csv",
    "parse_data_model",
    "parse_docx",
    "parse_excel",
    "parse_file",
    "parse_html",
    "parse_image",
    "parse_json",
    "parse_markdown",
    "parse_pdf",
    "parse_text",
    "parse_x12",
    "parse_yaml",
    "sniff",
    "write_bpmn",
]
