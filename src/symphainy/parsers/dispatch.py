"""Choose and run a parser from the sniffed content kind and the requested parsing type."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from pathlib import Path

from symphainy.errors import MissingDependency
from symphainy.parsers._common import Options
from symphainy.parsers._limits import ParserSettings
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import MainframeOptions
from symphainy.parsers._routes import AUTO, BY_TYPE, MAINFRAME, PARSING_TYPES
from symphainy.parsers.sniffer import sniff

Parser = Callable[[Path, Path, Options | None, ParserSettings], ParseOutcome]


def _lazy(module: str, name: str, *, limited: bool = False) -> Parser:
    """A parser imported on first use; `limited` parsers are handed the parse limits.

    Importing every parser up front costs a few hundred milliseconds (pypdf, openpyxl,
    python-docx...) that the first parse of, say, a CSV would otherwise pay for nothing.
    """

    def run(
        path: Path, out_dir: Path, options: Options | None, settings: ParserSettings
    ) -> ParseOutcome:
        parser = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        if limited:
            outcome: ParseOutcome = parser(path, out_dir, options, settings)
        else:
            outcome = parser(path, out_dir, options)
        return outcome

    run.__name__ = run.__qualname__ = name
    return run


# Parsers of containers and compressed formats (and OCR, which runs the server's program)
# take the limits; the others read plain text the upload limit already bounds.
PARSERS: dict[str, Parser] = {
    "bpmn": _lazy("bpmn_parser", "parse_bpmn"),
    "csv": _lazy("csv_parser", "parse_csv"),
    "data_model": _lazy("data_model_parser", "parse_data_model"),
    "docx": _lazy("docx_parser", "parse_docx", limited=True),
    "excel": _lazy("excel_parser", "parse_excel", limited=True),
    "html": _lazy("html_parser", "parse_html"),
    "image": _lazy("image_parser", "parse_image", limited=True),
    "json": _lazy("json_parser", "parse_json"),
    "yaml": _lazy("json_parser", "parse_yaml"),
    "pdf": _lazy("pdf_parser", "parse_pdf", limited=True),
    "markdown": _lazy("text_parser", "parse_markdown"),
    "text": _lazy("text_parser", "parse_text"),
    "x12": _lazy("x12_parser", "parse_x12"),
}
_COPYBOOK_MODULE = "symphainy.parsers.copybook"


def parse_file(
    path: Path,
    out_dir: Path,
    parsing_type: str | None = None,
    options: Options | None = None,
    settings: ParserSettings | None = None,
) -> ParseOutcome:
    """Sniff `path` and run the parser that fits its content and the requested type.

    Args:
        path: the file to parse.
        out_dir: where Parquet output is written.
        parsing_type: one of `PARSING_TYPES`, or None to choose from the content alone.
            `mainframe` is handed to the copybook parser without sniffing.
        options: the options of the parser that is chosen (see `_options`), checked
            against that parser's model before it reads anything.
        settings: the limits and OCR program from server Settings (default: the Settings'
            documented defaults).

    Returns:
        The parser's outcome, with `sniffed_kind` and `parsing_type` added to its metadata.

    Raises:
        ParseError: the parsing type is unknown or does not fit the content, the content
            kind has no parser, or the parser fails.
        InvalidParameters: an option the chosen parser does not take, or ill-typed.
        LimitExceeded: the content goes over a limit in `settings`.
    """
    if parsing_type is not None and parsing_type not in PARSING_TYPES:
        raise ParseError(
            f"unknown parsing_type {parsing_type!r}",
            parsing_type=parsing_type,
            allowed=list(PARSING_TYPES),
        )
    limits = settings or ParserSettings.defaults()
    if parsing_type == MAINFRAME:
        outcome = _parse_mainframe(path, out_dir, MainframeOptions.of(options), limits)
        return _annotate(outcome, "binary", parsing_type)
    kind = sniff(path)
    name = _choose(kind, parsing_type)
    return _annotate(PARSERS[name](path, out_dir, options, limits), kind, parsing_type)


def _choose(kind: str, parsing_type: str | None) -> str:
    if kind == "empty":
        raise ParseError("the file is empty", offset=0, sniffed_kind=kind)
    table = AUTO if parsing_type is None else BY_TYPE[parsing_type]
    name = table.get(kind)
    if name is None:
        fits = sorted(table)
        wanted = f"parsing_type {parsing_type!r}" if parsing_type else "automatic parsing"
        raise ParseError(
            f"content sniffed as {kind!r} does not fit {wanted}; it accepts {', '.join(fits)}",
            sniffed_kind=kind,
            parsing_type=parsing_type,
            accepted_kinds=fits,
        )
    return name


def _annotate(outcome: ParseOutcome, kind: str, parsing_type: str | None) -> ParseOutcome:
    metadata = {**outcome.metadata, "sniffed_kind": kind, "parsing_type": parsing_type}
    return dataclasses.replace(outcome, metadata=metadata)


def _parse_mainframe(
    path: Path, out_dir: Path, options: MainframeOptions, limits: ParserSettings
) -> ParseOutcome:
    if not options.copybook:
        raise ParseError("mainframe parsing needs a 'copybook' option", option="copybook")
    try:
        module = importlib.import_module(_COPYBOOK_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _COPYBOOK_MODULE:
            raise
        raise MissingDependency(
            "the mainframe (copybook) parser is not available", dependency=_COPYBOOK_MODULE
        ) from exc
    # Only the options the caller set: the parser applies its own (Cobrix's) defaults.
    relayed = options.model_dump(exclude={"copybook"}, exclude_unset=True)
    outcome = module.parse_copybook_records(
        path, out_dir, copybook=options.copybook, settings=limits, **relayed
    )
    if not isinstance(outcome, ParseOutcome):
        raise TypeError("parse_copybook_records must return a ParseOutcome")
    return outcome
