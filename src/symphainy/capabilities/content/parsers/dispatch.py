"""Choose and run a parser from the sniffed content kind and the requested parsing type."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path

from symphainy.capabilities.content.parsers._common import Options
from symphainy.capabilities.content.parsers._model import ParseError, ParseOutcome
from symphainy.capabilities.content.parsers.sniffer import IMAGE_KINDS, sniff
from symphainy.errors import MissingDependency

Parser = Callable[[Path, Path, Options | None], ParseOutcome]


def _lazy(module: str, name: str) -> Parser:
    """A parser imported on first use.

    Importing every parser up front costs a few hundred milliseconds (pypdf, openpyxl,
    python-docx...) that the first parse of, say, a CSV would otherwise pay for nothing.
    """

    def run(path: Path, out_dir: Path, options: Options | None) -> ParseOutcome:
        parser: Parser = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return parser(path, out_dir, options)

    run.__name__ = run.__qualname__ = name
    return run


parse_bpmn = _lazy("bpmn_parser", "parse_bpmn")
parse_csv = _lazy("csv_parser", "parse_csv")
parse_data_model = _lazy("data_model_parser", "parse_data_model")
parse_docx = _lazy("docx_parser", "parse_docx")
parse_excel = _lazy("excel_parser", "parse_excel")
parse_html = _lazy("html_parser", "parse_html")
parse_image = _lazy("image_parser", "parse_image")
parse_json = _lazy("json_parser", "parse_json")
parse_yaml = _lazy("json_parser", "parse_yaml")
parse_pdf = _lazy("pdf_parser", "parse_pdf")
parse_markdown = _lazy("text_parser", "parse_markdown")
parse_text = _lazy("text_parser", "parse_text")
parse_x12 = _lazy("x12_parser", "parse_x12")

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
