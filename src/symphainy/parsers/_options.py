"""Each parser's options as a pydantic model: unknown keys and ill-typed values are refused.

Nothing here names a program, a path or a module: the OCR binary and every limit come from
server Settings (`ParserSettings`), and an `encoding` must be a text codec Python ships.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from symphainy.errors import InvalidParameters
from symphainy.parsers._mainframe_options import MainframeOptions
from symphainy.parsers._option_base import ParserOptions, TextEncoding
from symphainy.parsers._routes import reachable_parsers

__all__ = [
    "PARSER_OPTIONS",
    "BpmnOptions",
    "CsvOptions",
    "DataModelOptions",
    "DocxOptions",
    "EncodedTextOptions",
    "ExcelOptions",
    "HtmlOptions",
    "ImageOptions",
    "JsonOptions",
    "MainframeOptions",
    "MarkdownOptions",
    "ParseOptions",
    "ParserOptions",
    "PdfOptions",
    "TextEncoding",
    "TextOptions",
    "X12Options",
    "YamlOptions",
    "submitted_options",
]


class EncodedTextOptions(ParserOptions):
    """Options of parsers that read text."""

    encoding: TextEncoding | None = None
    """The text encoding (e.g. `latin-1`); left out, it is detected."""


class CsvOptions(EncodedTextOptions):
    """csv parser: delimited text."""

    parser = "csv"
    delimiter: str | None = Field(default=None, min_length=1, max_length=1, pattern=r"^[ -~\t]$")
    """One ASCII character; left out, it is detected."""
    quotechar: str | None = Field(default=None, max_length=1, pattern=r"^[ -~]?$")
    """One ASCII character; an empty string turns quoting off."""
    has_header: bool | None = None
    """Whether the first row names the columns; left out, it is detected."""


class ExcelOptions(ParserOptions):
    """excel parser: xlsx and xls workbooks."""

    parser = "excel"
    has_header: bool | None = None
    """Whether each sheet's first row names the columns; left out, it is detected."""


class JsonOptions(ParserOptions):
    """json parser: JSON and JSON Lines."""

    parser = "json"
    format: Literal["json", "jsonl"] | None = None
    """Skip detection; left out, it is detected."""
    batch_rows: int = Field(default=50_000, ge=1, le=1_000_000)
    """JSON Lines rows per Parquet batch."""


class YamlOptions(EncodedTextOptions):
    """yaml parser."""

    parser = "yaml"


class DataModelOptions(EncodedTextOptions):
    """data_model parser: JSON Schema and YAML data models."""

    parser = "data_model"


class TextOptions(EncodedTextOptions):
    """text parser: plain text."""

    parser = "text"


class MarkdownOptions(EncodedTextOptions):
    """markdown parser."""

    parser = "markdown"


class X12Options(EncodedTextOptions):
    """x12 parser: EDI interchanges."""

    parser = "x12"


class PdfOptions(ParserOptions):
    """pdf parser."""

    parser = "pdf"
    password: str | None = Field(default=None, max_length=1024)
    """Password of an encrypted PDF."""
    detect_tables: bool = True
    """Whether text laid out in aligned columns becomes tables."""


class ImageOptions(ParserOptions):
    """image parser: OCR with the server's Tesseract (the program is server configuration)."""

    parser = "image"
    lang: str = Field(default="eng", pattern=r"^[A-Za-z_]{1,32}(\+[A-Za-z_]{1,32}){0,7}$")
    """Tesseract language names joined by `+` (names, never paths)."""
    psm: int = Field(default=3, ge=0, le=13)
    """Tesseract page segmentation mode."""
    timeout_s: int = Field(default=120, ge=1)
    """Longest OCR run, in seconds (capped by the server's `ocr_max_timeout_seconds`)."""


class DocxOptions(ParserOptions):
    """docx parser: takes no options."""

    parser = "docx"


class HtmlOptions(ParserOptions):
    """html parser: takes no options."""

    parser = "html"


class BpmnOptions(ParserOptions):
    """bpmn parser: takes no options."""

    parser = "bpmn"


ParseOptions = (
    CsvOptions
    | ExcelOptions
    | JsonOptions
    | YamlOptions
    | DataModelOptions
    | TextOptions
    | MarkdownOptions
    | X12Options
    | PdfOptions
    | ImageOptions
    | DocxOptions
    | HtmlOptions
    | BpmnOptions
    | MainframeOptions
)
"""The options of any one parser (the JSON Schema shows each parser's model)."""

PARSER_OPTIONS: dict[str, type[ParserOptions]] = {
    m.parser: m
    for m in (
        CsvOptions,
        ExcelOptions,
        JsonOptions,
        YamlOptions,
        DataModelOptions,
        TextOptions,
        MarkdownOptions,
        X12Options,
        PdfOptions,
        ImageOptions,
        DocxOptions,
        HtmlOptions,
        BpmnOptions,
        MainframeOptions,
    )
}


def submitted_options(parsing_type: str | None, raw: object) -> ParserOptions | None:
    """Check options before anything is read, against the parsers `parsing_type` can reach.

    Returns the options validated by the first reachable parser that takes every key; the
    parser the content finally picks validates them again.

    Raises:
        ValueError: a key no reachable parser takes, or values none of them accepts.
    """
    if raw is None or isinstance(raw, ParserOptions):
        return raw
    if not isinstance(raw, Mapping):
        raise ValueError("parse_options must be an object")
    names = reachable_parsers(parsing_type)
    known = {key for name in names for key in PARSER_OPTIONS[name].model_fields}
    if unknown := sorted(set(map(str, raw)) - known):
        scope = f"parsing_type {parsing_type!r}" if parsing_type else "automatic parsing"
        raise ValueError(
            f"unknown parse option(s) {', '.join(map(repr, unknown))}: no parser of {scope} "
            f"({', '.join(names)}) takes them; {_describe(names)}"
        )
    return _first_fit(names, raw)


def _first_fit(names: tuple[str, ...], raw: Mapping[Any, object]) -> ParserOptions:
    fits = [PARSER_OPTIONS[n] for n in names if set(raw) <= set(PARSER_OPTIONS[n].model_fields)]
    if not fits:
        raise ValueError(f"no one parser takes all of {sorted(raw)}; {_describe(names)}")
    try:
        return fits[0].of(raw)
    except InvalidParameters as exc:
        raise ValueError(exc.detail) from None


def _describe(names: tuple[str, ...]) -> str:
    return "; ".join(f"{n}: {', '.join(PARSER_OPTIONS[n].model_fields) or 'none'}" for n in names)
