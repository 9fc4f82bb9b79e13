"""Checks across the columns of one row, inferred from the table without configuration.

* Date order: columns whose names differ only by a start/end word (`service_start_date` /
  `service_end_date`, `admission_date` / `discharge_date`, `valid_from` / `valid_to`) and that
  hold dates: a row whose end is before its start is reported on the end column.
* Totals: a numeric column named like a total (`TOTAL_WORDS`) that equals the sum or the product
  of two sibling columns, or the sum of all of them, in at least `RELATION_MIN_SHARE` of at
  least `RELATION_MIN_ROWS` rows: the rows that break the relation are reported on the total.
  A relation that holds only because the total copies one of its parts is ignored.

Each finding names the other columns (`related_columns`) and, per row, every value involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from symphainy.capabilities.insights import _formats
from symphainy.capabilities.insights import _quality_checks as qc
from symphainy.capabilities.insights._models import Finding

DATE_PAIRS: Final = (
    ("start", "end"),
    ("begin", "end"),
    ("from", "to"),
    ("admission", "discharge"),
    ("admit", "discharge"),
    ("admitted", "discharged"),
    ("check_in", "check_out"),
    ("issued", "expires"),
    ("issue", "expiry"),
    ("effective", "expiration"),
    ("effective", "termination"),
    ("opened", "closed"),
)
"""Name words of a start column and its end column."""
DATE_MIN_SHARE: Final = 0.8
"""A string column holds dates when this share of its present values reads as ISO 8601."""
TOTAL_WORDS: Final = frozenset({"total", "sum", "subtotal", "amount", "net", "gross", "revenue"})
"""A numeric column with one of these words in its name may be a total of its siblings."""
RELATION_MIN_SHARE: Final = 0.9
RELATION_MIN_ROWS: Final = 10
"""A total relation is taken as a rule only when it holds in 90% of at least 10 rows."""
MIN_EVIDENCE_ROWS: Final = 3
"""…and holds in at least 3 rows where the total equals none of its parts (else it may be a
copy of one part beside a column of zeros or ones)."""
MAX_PARTS: Final = 12
"""Relations are sought among at most this many numeric sibling columns (in table order)."""
TOLERANCE: Final = 0.01
"""A total equals its computed value within a cent (plus a millionth of it, for large sums)."""
_ISO: Final = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")

Floats = NDArray[np.float64]


@dataclass
class RowChecks:
    """Findings per column, and the columns a cross-column rule was checked on."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)

    def add(self, column: str, found: Finding | None) -> None:
        """Record that `column` was checked, and its finding if any."""
        self.checked.add(column)
        if found is not None:
            self.findings.setdefault(column, []).append(found)


def cross_column(table: str, frame: pl.DataFrame, examples: int) -> RowChecks:
    """Run the date-order and total checks over one table."""
    out = RowChecks()
    for start, end in date_pairs(frame):
        out.add(end, _date_order(frame, start, end, examples))
    for total, parts in _candidates(table, frame):
        relation = _best_relation(frame, total, parts)
        if relation is not None:
            out.add(total, _broken_total(frame, total, relation, examples))
    return out


def date_pairs(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """(start, end) column pairs named alike, both holding dates."""
    names = {_formats.snake(c): c for c in frame.columns}
    pairs = []
    for key, column in names.items():
        for start_word, end_word in DATE_PAIRS:
            other = re.sub(rf"(^|_){start_word}(_|$)", rf"\g<1>{end_word}\g<2>", key)
            end = names.get(other)
            if other == key or end is None:
                continue
            if _dates(frame[column]) is not None and _dates(frame[end]) is not None:
                pairs.append((column, end))
    return list(dict.fromkeys(pairs))


def _dates(series: pl.Series) -> pl.Series | None:
    """The series as datetimes (Date and Datetime columns, or ISO 8601 strings), else None."""
    if series.dtype == pl.Date or isinstance(series.dtype, pl.Datetime):
        return series.cast(pl.Datetime("us"))
    if series.dtype != pl.String:
        return None
    text = pl.col("v").str.strip_chars()
    tries = [text.str.to_datetime(f, strict=False, time_unit="us") for f in _ISO]
    day = text.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us"))
    parsed = pl.DataFrame({"v": series}).select(pl.coalesce([*tries, day]))
    read = int(parsed.to_series().is_not_null().sum())
    present = int((~qc.missing_mask(series)).sum())
    return parsed.to_series() if present and read >= DATE_MIN_SHARE * present else None


def _date_order(frame: pl.DataFrame, start: str, end: str, examples: int) -> Finding | None:
    starts, ends = _dates(frame[start]), _dates(frame[end])
    if starts is None or ends is None:
        return None
    both = starts.is_not_null() & ends.is_not_null()
    rows = (both & (ends < starts)).arg_true()
    if rows.len() == 0:
        return None
    shown = [int(r) for r in rows.head(examples)]
    cases: list[dict[str, object]] = [
        {"row": r, start: str(frame[start][r]), end: str(frame[end][r])} for r in shown
    ]
    hint = (
        f"{end} is before {start} on rows {shown}: the two dates swapped, or one mistyped "
        "(day and month, or the year)"
    )
    issue, count, base = f"{end} before {start}", rows.len(), int(both.sum())
    return qc.finding(
        "consistency", issue, count, base, cases, hint, floor="high", related=(start,)
    )


@dataclass(frozen=True, slots=True)
class Relation:
    """total = op(parts) in `held` of `rows` rows."""

    op: str
    parts: tuple[str, ...]
    expected: Floats
    held: int
    rows: int

    @property
    def text(self) -> str:
        """`a + b`, `a * b`."""
        return f" {self.op} ".join(self.parts)


def _candidates(table: str, frame: pl.DataFrame) -> list[tuple[str, list[str]]]:
    numeric = [c for c in frame.columns if _measure(table, frame[c])]
    totals = [c for c in numeric if set(_formats.snake(c).split("_")) & TOTAL_WORDS]
    return [(t, [c for c in numeric if c != t][:MAX_PARTS]) for t in totals]


def _measure(table: str, series: pl.Series) -> bool:
    """A numeric, non-constant, non-identifier column."""
    if not series.dtype.is_numeric() or series.dtype == pl.Boolean:
        return False
    values = series.drop_nulls()
    col = qc.Column(table, str(series.name), series, series.len(), 1)
    distinct = values.n_unique()
    return distinct > 1 and not qc.is_key_like(col, None, values.len(), distinct)


def _best_relation(frame: pl.DataFrame, total: str, parts: list[str]) -> Relation | None:
    """The relation holding in the most rows, if it holds in a clear majority (else None)."""
    t = _floats(frame, total)
    columns = {p: _floats(frame, p) for p in parts}
    tried = [
        _relation(t, op, pair, fn(columns[pair[0]], columns[pair[1]]), columns)
        for pair in combinations(parts, 2)
        for op, fn in (("+", np.add), ("*", np.multiply))
    ]
    if len(parts) > 2:
        whole = np.sum(np.stack(list(columns.values())), axis=0)
        tried.append(_relation(t, "+", tuple(parts), whole, columns))
    found = [r for r in tried if r is not None]
    return max(found, key=lambda r: r.held / r.rows) if found else None


def _relation(
    t: Floats, op: str, parts: tuple[str, ...], expected: Floats, columns: dict[str, Floats]
) -> Relation | None:
    known = ~np.isnan(t) & ~np.isnan(expected)
    rows = int(known.sum())
    if rows < RELATION_MIN_ROWS:
        return None
    holds = known & _equal(t, expected)
    held = int(holds.sum())
    if held < RELATION_MIN_SHARE * rows:
        return None
    # Where the total equals one of its parts (a zero or a one beside it), the relation shows
    # nothing: it must also hold where the total differs from every part, or it is a copy.
    telling = known.copy()
    for part in parts:
        telling &= ~_equal(t, columns[part])
    if int((holds & telling).sum()) < MIN_EVIDENCE_ROWS:
        return None
    return Relation(op, parts, expected, held, rows)


def _equal(a: Floats, b: Floats) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        return np.abs(a - b) <= TOLERANCE + 1e-6 * np.abs(b)


def _floats(frame: pl.DataFrame, column: str) -> Floats:
    return frame[column].cast(pl.Float64).fill_null(np.nan).to_numpy()


def _broken_total(
    frame: pl.DataFrame, total: str, relation: Relation, examples: int
) -> Finding | None:
    t = _floats(frame, total)
    known = ~np.isnan(t) & ~np.isnan(relation.expected)
    broken = np.flatnonzero(known & ~_equal(t, relation.expected))
    if broken.size == 0:
        return None
    shown = [int(r) for r in broken[:examples]]
    hint = (
        f"{total} = {relation.text} in {relation.held} of {relation.rows} rows; rows {shown} "
        "break it: an arithmetic or entry error, or a part changed without its total"
    )
    issue, count = f"{total} does not equal {relation.text}", int(broken.size)
    cases = [_case(frame, total, relation, r) for r in shown]
    return qc.finding(
        "consistency",
        issue,
        count,
        relation.rows,
        cases,
        hint,
        floor="high",
        related=relation.parts,
    )


def _case(frame: pl.DataFrame, total: str, relation: Relation, row: int) -> dict[str, object]:
    """One broken row: the total, what the relation expects, and every part's value."""
    expected = round(float(relation.expected[row]), 6)
    parts = {p: frame[p][row] for p in relation.parts}
    return {"row": row, total: frame[total][row], "expected": expected, **parts}
