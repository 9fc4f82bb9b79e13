"""Delimiter, quoting and header detection for delimited text."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from symphainy.parsers._common import looks_like_header, unique_names

if TYPE_CHECKING:
    import _csv

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_MAX_ROWS = 200
_MIN_CONSISTENCY = 0.7
_SINGLE_QUOTED = re.compile(r"(^|[,;\t|])'[^'\n]*'([,;\t|]|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a delimited file is laid out."""

    delimiter: str
    quotechar: str | None
    has_header: bool
    columns: tuple[str, ...]

    @property
    def field_count(self) -> int:
        """Fields per record, as set by the first record."""
        return len(self.columns)


@dataclass(frozen=True, slots=True)
class _Candidate:
    delimiter: str
    fields: int
    consistency: float
    rows: list[list[str]]


def complete_lines(text: str, complete: bool) -> str:
    """Drop the (possibly cut) last line of a partial sample."""
    if complete or "\n" not in text:
        return text
    return text[: text.rindex("\n") + 1]


def detect_quotechar(text: str) -> str:
    """`'` when the sample quotes fields with single quotes only, else `"`."""
    if '"' not in text and _SINGLE_QUOTED.search(text):
        return "'"
    return '"'


def csv_reader(
    lines: Iterable[str], delimiter: str, quotechar: str | None, *, strict: bool = False
) -> _csv.Reader:
    """A `csv.reader` for a delimiter and quote character (None: no quoting).

    `strict` makes malformed quoting (such as a quote left open at the end of the file)
    raise `csv.Error` instead of being read leniently.
    """
    if not quotechar:
        return csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE, strict=strict)
    return csv.reader(lines, delimiter=delimiter, quotechar=quotechar, strict=strict)


def _rows(text: str, delimiter: str, quotechar: str | None) -> list[list[str]]:
    reader = csv_reader(io.StringIO(text), delimiter, quotechar)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row:
                rows.append(row)
            if len(rows) >= _MAX_ROWS:
                break
    except csv.Error:
        return rows
    return rows


def _candidate(text: str, delimiter: str, quotechar: str, complete: bool) -> _Candidate | None:
    rows = _rows(text, delimiter, quotechar)
    if not complete and len(rows) > 1:
        rows = rows[:-1]
    if not rows:
        return None
    fields, hits = Counter(len(r) for r in rows).most_common(1)[0]
    if fields < 2:
        return None
    return _Candidate(delimiter, fields, hits / len(rows), rows)


def best_delimiter(
    text: str, quotechar: str, complete: bool
) -> tuple[str, float, list[list[str]]] | None:
    """The most consistent delimiter: (delimiter, consistency, parsed sample rows)."""
    found = [c for d in DELIMITERS if (c := _candidate(text, d, quotechar, complete))]
    if not found:
        return None
    best = max(found, key=lambda c: (round(c.consistency, 2), c.fields))
    return best.delimiter, best.consistency, best.rows


def has_csv_evidence(text: str, complete: bool) -> bool:
    """Whether a text sample looks like delimited records (two or more rows, two or more fields)."""
    sample = complete_lines(text, complete)
    found = best_delimiter(sample, detect_quotechar(sample), complete)
    if found is None:
        return False
    _, consistency, rows = found
    return len(rows) >= 2 and consistency >= _MIN_CONSISTENCY


def detect_dialect(
    text: str,
    complete: bool,
    *,
    delimiter: str | None = None,
    quotechar: str | None = None,
    has_header: bool | None = None,
) -> Dialect:
    """Detect the dialect of a decoded sample; explicit arguments override detection.

    Args:
        text: the decoded start of the file.
        complete: whether `text` is the whole file.
        delimiter: the field delimiter, if known.
        quotechar: the quote character, if known (empty string disables quoting).
        has_header: whether the first record holds column names, if known.
    """
    sample = complete_lines(text, complete)
    quote = quotechar if quotechar is not None else detect_quotechar(sample)
    if delimiter is None:
        found = best_delimiter(sample, quote or '"', complete)
        delimiter = found[0] if found else ","
    rows = _rows(sample, delimiter, quote or None)
    first = rows[0] if rows else [""]
    header = looks_like_header(first) if has_header is None else has_header
    names = unique_names(first if header else [None] * len(first))
    return Dialect(delimiter, quote or None, header, tuple(names))
