"""Choose and run a parser from the sniffed content kind and the requested parsing type."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path

from symphainy.capabilities.content.parsers._common import Options
from symphainy.capabilities.content.parsers._model import ParseError, ParseOutcome
from symphainy.capabilities.content.parsers.bpmn_parser import parse_bpmn
from symphainy.capabilities.content.parsers.csv_parser import parse_csv
from symphainy.capabilities.content.parsers.data_model_parser import parse_data_model
from symphainy.capabilities.content.parsers.docx_parser import parse_docx
from symphainy.capabilities.content.parsers.excel_parser import parse_excel
from symphainy.capabilities.content.parsers.html_parser import parse_html
from symphainy.capabilities.content.parsers.image_parser import parse_image
from symphainy.capabilities.content.parsers.json_parser import parse_json, parse_yaml
from symphainy.capabilities.content.parsers.pdf_parser import parse_pdf
from symphainy.capabilities.content.parsers.sniffer import IMAGE_KINDS, sniff
from symphainy.capabilities.content.parsers.text_parser import parse_markdown, parse_text
from symphainy.capabilities.content.parsers.x12_parser import parse_x12
from symphainy.errors import MissingDependency

Parser = Callable[[Path, Path, Options | None], ParseOutcome]

PARSING_TYPES: tuple[str, ...] = (
    "structured",
    "unstructured",
    "workflow",
    "data_model",
    "edi",
    "mainframe",
)
_COPYBOOK_MODULE = "symphainy.capabilities.content.parsers.copybook"
_MAINFRAME_OPTIONS = ("encoding", "record_format", "record_length")
_IMAGES: dict[str, Parser] = dict.fromkeys(IMAGE_KINDS, parse_image)

_AUTO: dict[str, Parser] = {
    "csv": parse_csv,
    "xlsx": parse_excel,
    "xls": parse_excel,
    "json": parse_json,
    "jsonl": parse_json,
    "json_schema": parse_data_model,
    "yaml": parse_yaml,
    "pdf": parse_pdf,
    "docx": parse_docx,
    "html": parse_html,
    "markdown": parse_markdown,
    "text": parse_text,
    "bpmn": parse_bpmn,
    "x12": parse_x12,
    **_IMAGES,
}

_BY_TYPE: dict[str, dict[str, Parser]] = {
    "structured": {
        "csv": parse_csv,
        "text": parse_csv,
        "xlsx": parse_excel,
        "xls": parse_excel,
        "json": parse_json,
        "jsonl": parse_json,
        "json_schema": parse_json,
        "yaml": parse_yaml,
    },
    "unstructured": {
        "pdf": parse_pdf,
        "docx": parse_docx,
        "html": parse_html,
        "xml": parse_html,
        "markdown": parse_markdown,
        "text": parse_text,
        "csv": parse_text,
        "json": parse_text,
        "jsonl": parse_text,
        "yaml": parse_text,
        **_IMAGES,
    },
    # Other XML goes to the BPMN parser too, which says where and why it is not BPMN.
    "workflow": {"bpmn": parse_bpmn, "xml": parse_bpmn},
    "data_model": {
        "json_schema": parse_data_model,
        "json": parse_data_model,
        "yaml": parse_data_model,
    },
    "edi": {"x12": parse_x12},
}


def parse_file(
    path: Path,
    out_dir: Path,
    parsing_type: str | None = None,
    options: Mapping[str, object] | None = None,
) -> ParseOutcome:
    """Sniff `path` and run the parser that fits its content and the requested type.

    Args:
        path: the file to parse.
        out_dir: where Parquet output is written.
        parsing_type: one of `PARSING_TYPES`, or None to choose from the content alone.
            `mainframe` is handed to the copybook parser without sniffing.
        options: parser options, passed through (for `mainframe`: `copybook` (required),
            `encoding`, `record_format`, `record_length`).

    Returns:
        The parser's outcome, with `sniffed_kind` and `parsing_type` added to its metadata.

    Raises:
        ParseError: the parsing type is unknown or does not fit the content, the content
            kind has no parser, or the parser fails.
    """
    if parsing_type is not None and parsing_type not in PARSING_TYPES:
        raise ParseError(
            f"unknown parsing_type {parsing_type!r}",
            parsing_type=parsing_type,
            allowed=list(PARSING_TYPES),
        )
    if parsing_type == "mainframe":
        outcome = _parse_mainframe(path, out_dir, options or {})
        return _annotate(outcome, "binary", parsing_type)
    kind = sniff(path)
    parser = _choose(kind, parsing_type)
    return _annotate(parser(path, out_dir, options), kind, parsing_type)


def _choose(kind: str, parsing_type: str | None) -> Parser:
    if kind == "empty":
        raise ParseError("the file is empty", offset=0, sniffed_kind=kind)
    table = _AUTO if parsing_type is None else _BY_TYPE[parsing_type]
    parser = table.get(kind)
    if parser is None:
        fits = sorted(table)
        wanted = f"parsing_type {parsing_type!r}" if parsing_type else "automatic parsing"
        raise ParseError(
            f"content sniffed as {kind!r} does not fit {wanted}; it accepts {', '.join(fits)}",
            sniffed_kind=kind,
            parsing_type=parsing_type,
            accepted_kinds=fits,
        )
    return parser


def _annotate(outcome: ParseOutcome, kind: str, parsing_type: str | None) -> ParseOutcome:
    metadata = {**outcome.metadata, "sniffed_kind": kind, "parsing_type": parsing_type}
    return dataclasses.replace(outcome, metadata=metadata)


def _parse_mainframe(path: Path, out_dir: Path, options: Mapping[str, object]) -> ParseOutcome:
    if not options.get("copybook"):
        raise ParseError("mainframe parsing needs a 'copybook' option", option="copybook")
    try:
        module = importlib.import_module(_COPYBOOK_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _COPYBOOK_MODULE:
            raise
        raise MissingDependency(
            "the mainframe (copybook) parser is not available", dependency=_COPYBOOK_MODULE
        ) from exc
    extra = {key: options[key] for key in _MAINFRAME_OPTIONS if options.get(key) is not None}
    outcome = module.parse_copybook_records(path, out_dir, copybook=options["copybook"], **extra)
    if not isinstance(outcome, ParseOutcome):
        raise TypeError("parse_copybook_records must return a ParseOutcome")
    return outcome
