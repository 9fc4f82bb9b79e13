"""What every parser returns, and the one error type parsers raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from symphainy.errors import SymphainyError
from symphainy.types import JSONObject


class ParseError(SymphainyError):
    """The file could not be parsed; `extra` says where (record, offset, field, line, page)."""

    problem_type = "parse-failed"
    status = 422
    title = "File could not be parsed"
    retryable = False


@dataclass(frozen=True, slots=True)
class ParsedTable:
    """One table (a CSV, a sheet, a record layout); full data lives in `parquet_path`."""

    name: str
    columns: tuple[str, ...]
    dtypes: tuple[str, ...]
    row_count: int
    parquet_path: Path | None
    preview: list[JSONObject] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """A parser's result: tables and/or a structured document, plus metadata."""

    parser: str
    content_kind: str
    record_count: int
    tables: tuple[ParsedTable, ...] = ()
    document: JSONObject | None = None
    metadata: JSONObject = field(default_factory=dict)
