"""The five quality checks of one column: completeness, validity, uniqueness, consistency, outliers.

Each check returns the number of affected values and, when there are any, a Finding with
row-numbered examples (0-based rows of the parsed table) and a root-cause hint derived from
the evidence: never a fixed sentence that ignores the data. A finding's severity is the
check's own floor (a repeated identifier is high however rare) raised by the share of values
affected (`SEVERITY_RATIOS`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Final

import polars as pl

from symphainy.capabilities.insights import _formats
from symphainy.capabilities.insights._models import Finding, Severity

PLACEHOLDERS: Final = frozenset(
    {"n/a", "na", "null", "none", "nil", "-", "--", "?", "unknown", "nan", "#n/a", "missing", "tbd"}
)
ROW: Final = "__row__"
MIN_OUTLIER_VALUES: Final = 8
SEVERITY_RATIOS: Final[tuple[tuple[Severity, float], ...]] = (("high", 0.10), ("medium", 0.02))
"""A finding affecting at least 10% of the values it checked is high, at least 2% medium."""
SEVERITY_ORDER: Final[tuple[Severity, ...]] = ("low", "medium", "high")
KEY_WORDS: Final = frozenset({"id", "uuid", "guid", "key", "number", "no", "num", "code"})
"""A column whose name ends in one of these words (`patient_id`, `claim_number`) is named
like an identifier."""
KEY_MIN_DISTINCT: Final = 0.8
"""A column named like an identifier is taken as a key when at least this share of its present
values is distinct: a foreign key (`orders.customer_id`) repeats far more, by design."""
NEAR_UNIQUE_MIN_VALUES: Final = 20
NEAR_UNIQUE_SHARE: Final = 0.98
"""Any column with at least 20 values of which 98% are distinct is an identifier too."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column under check, with the table-level context the hints need."""

    table: str
    name: str
    series: pl.Series
    rows: int
    examples: int


def missing_mask(series: pl.Series) -> pl.Series:
    """True where a value is null, blank, or a placeholder such as 'N/A'."""
    mask = series.is_null()
    if series.dtype == pl.String:
        text = series.str.strip_chars().str.to_lowercase()
        mask = mask | (text == "") | text.is_in(list(PLACEHOLDERS))
    return mask.fill_null(True)


def severity(ratio: float, floor: Severity = "low") -> Severity:
    """The check's floor, or higher when the affected share reaches `SEVERITY_RATIOS`."""
    by_share: Severity = next((level for level, least in SEVERITY_RATIOS if ratio >= least), "low")
    return max(floor, by_share, key=SEVERITY_ORDER.index)


def finding(
    dimension: str,
    issue: str,
    count: int,
    base: int,
    examples: list[dict[str, object]],
    hint: str,
    *,
    floor: Severity = "low",
    related: tuple[str, ...] = (),
) -> Finding:
    """A Finding: `count` of `base` values affected, with examples and the evidence's hint."""
    ratio = round(count / base, 6) if base else 0.0
    return Finding.model_validate(
        {
            "dimension": dimension,
            "issue": issue,
            "count": count,
            "ratio": ratio,
            "severity": severity(ratio, floor),
            "examples": examples,
            "root_cause_hint": hint,
            "related_columns": list(related),
        }
    )


def rows_of(series: pl.Series) -> pl.DataFrame:
    """The series as column `v` beside its 0-based row numbers (column `ROW`)."""
    return pl.DataFrame({ROW: pl.int_range(series.len(), eager=True), "v": series})


def completeness(col: Column, masks: dict[str, pl.Series]) -> Finding | None:
    """Null, blank and placeholder values, with where they sit and what they coincide with."""
    mask = masks[col.name]
    rows = mask.arg_true()
    if rows.len() == 0:
        return None
    values = col.series.gather(rows.head(col.examples))
    examples = [
        {"row": int(r), "value": v} for r, v in zip(rows.head(col.examples), values, strict=True)
    ]
    hint = _missing_hint(col, rows, masks)
    return finding("completeness", "missing values", rows.len(), col.rows, examples, hint)


def _missing_hint(col: Column, rows: pl.Series, masks: dict[str, pl.Series]) -> str:
    count = rows.len()
    placeholders = count - int(col.series.is_null().sum())
    together = _missing_together(col.name, masks, count)
    if together:
        return f"missing in the same rows as {', '.join(together)}: incomplete records upstream"
    first, last = int(rows[0]), int(rows[-1])
    if count > 1 and last - first + 1 == count and last == col.rows - 1:
        return f"missing only in the last rows ({first} to {last}): a later batch lacks this field"
    if count / max(col.rows, 1) > 0.5:
        return "mostly empty: an optional field, or a source column that is not mapped"
    if placeholders > 0:
        return f"{placeholders} placeholder value(s) such as 'N/A' stand in for missing data"
    return "scattered gaps: values not captured at entry for some records"


def _missing_together(name: str, masks: dict[str, pl.Series], count: int) -> list[str]:
    if count < 2:
        return []
    mine = masks[name]
    # Jaccard, not containment: a mostly empty column would otherwise "explain" every gap.
    return [
        other
        for other, mask in masks.items()
        if other != name and int((mine & mask).sum()) >= 0.8 * int((mine | mask).sum())
    ]


def validity(col: Column, fmt: str | None, present: pl.Series) -> Finding | None:
    """Present string values that do not match the column's expected format."""
    if fmt is None or col.series.dtype != pl.String:
        return None
    bad = rows_of(col.series).filter(
        present & ~pl.col("v").str.strip_chars().str.contains(_formats.CHECKS[fmt])
    )
    if bad.height == 0:
        return None
    reasons = Counter(_formats.why_invalid(fmt, v) for v in bad["v"])
    examples = [
        {"row": r, "value": v, "hint": _formats.why_invalid(fmt, v)}
        for r, v in bad.head(col.examples).iter_rows()
    ]
    hint = "; ".join(f"{why} ({n})" for why, n in reasons.most_common(3))
    return finding(
        "validity",
        f"values that are not a valid {fmt}",
        bad.height,
        int(present.sum()),
        examples,
        hint,
    )


def is_key_like(col: Column, fmt: str | None, present: int, distinct: int) -> bool:
    """An identifier column: named like one, holding UUIDs, or (nearly) unique throughout.

    Named like one: `id`, `<table>_id`, or a name ending in a `KEY_WORDS` word whose values
    are at least `KEY_MIN_DISTINCT` distinct (a zip code or phone number is not a key).
    """
    key = _formats.snake(col.name)
    stem = _formats.snake(col.table).removesuffix("s")
    named = key in {"id", "uuid", "guid", "key"} or key == f"{stem}_id"
    dtype_ok = col.series.dtype == pl.String or col.series.dtype.is_integer()
    share = distinct / max(present, 1)
    key_named = (
        key.rsplit("_", 1)[-1] in KEY_WORDS
        and _formats.by_name(col.name) is None
        and present >= 2
        and share >= KEY_MIN_DISTINCT
    )
    nearly_unique = present >= NEAR_UNIQUE_MIN_VALUES and share >= NEAR_UNIQUE_SHARE
    return named or fmt == "uuid" or (dtype_ok and (nearly_unique or key_named))


def uniqueness(col: Column, key_like: bool, present: pl.Series) -> Finding | None:
    """Repeated present values in an identifier column, each with the rows it sits in."""
    if not key_like:
        return None
    frame = rows_of(col.series).filter(present)
    repeated = frame.group_by("v", maintain_order=True).agg(pl.col(ROW))
    repeated = repeated.filter(pl.col(ROW).list.len() > 1)
    if repeated.height == 0:
        return None
    duplicates = int(repeated[ROW].list.len().sum()) - repeated.height
    most = repeated.sort(pl.col(ROW).list.len(), descending=True, maintain_order=True)
    examples: list[dict[str, object]] = [
        {"value": v, "occurrences": len(rows), "rows": list(rows)[: col.examples]}
        for v, rows in most.head(col.examples).iter_rows()
    ]
    first = examples[0]
    hint = (
        f"identifier {first['value']!r} is on rows {first['rows']}: the same record entered or "
        "loaded twice, or two records given one id"
    )
    issue = "duplicate identifier values"
    return finding("uniqueness", issue, duplicates, frame.height, examples, hint, floor="high")


def layout(col: Column, fmt: str | None, valid: pl.Series) -> Finding | None:
    """Valid values of a phone/date/zip column written in more than one layout."""
    if fmt not in _formats.LAYOUT_FORMATS or col.series.dtype != pl.String:
        return None
    shapes = col.series.filter(valid).str.strip_chars().str.replace_all(r"[0-9]", "9")
    counts = shapes.value_counts(sort=True)
    if counts.height < 2:
        return None
    total = int(counts["count"].sum())
    off = total - int(counts["count"][0])
    examples = [{"layout": s, "values": int(n)} for s, n in counts.head(col.examples).iter_rows()]
    hint = (
        f"{counts.height} layouts in one column: sources or entry forms differ; "
        "normalise before matching"
    )
    return finding(
        "consistency",
        f"{fmt} values written in {counts.height} layouts",
        off,
        total,
        examples,
        hint,
    )


def whitespace(col: Column) -> Finding | None:
    """Values with leading or trailing spaces."""
    if col.series.dtype != pl.String:
        return None
    frame = rows_of(col.series).drop_nulls("v")
    padded = frame.filter(pl.col("v") != pl.col("v").str.strip_chars())
    if padded.height == 0:
        return None
    examples = [{"row": r, "value": v} for r, v in padded.head(col.examples).iter_rows()]
    hint = "padding from a fixed-width export or manual entry; trim on load"
    return finding(
        "consistency", "leading or trailing whitespace", padded.height, frame.height, examples, hint
    )


def outliers(col: Column, factor: float, key_like: bool) -> Finding | None:
    """Numbers beyond Q1 - k·IQR or Q3 + k·IQR."""
    dtype = col.series.dtype
    if key_like or not dtype.is_numeric() or dtype == pl.Boolean:
        return None
    values = col.series.cast(pl.Float64).drop_nulls().drop_nans()
    if values.len() < MIN_OUTLIER_VALUES:
        return None
    q1, q3 = float(values.quantile(0.25) or 0.0), float(values.quantile(0.75) or 0.0)
    low, high = q1 - factor * (q3 - q1), q3 + factor * (q3 - q1)
    out = rows_of(col.series.cast(pl.Float64)).filter((pl.col("v") < low) | (pl.col("v") > high))
    if q3 == q1 or out.height == 0:
        return None
    median = float(values.median() or 0.0)  # type: ignore[arg-type]
    examples = [
        {"row": r, "value": v, "hint": _outlier_hint(v, median, values)}
        for r, v in out.head(col.examples).iter_rows()
    ]
    hint = f"outside [{low:.6g}, {high:.6g}]: " + str(examples[0]["hint"])
    return finding(
        "outliers", "values far outside the typical range", out.height, values.len(), examples, hint
    )


def _outlier_hint(value: float, median: float, values: pl.Series) -> str:
    if value < 0 <= float(values.quantile(0.05) or 0.0):
        return "negative where nearly all values are positive: sign error or a credit/refund"
    if median and abs(value / median) >= 50:
        ratio = abs(value / median)
        power = 10 ** round(math.log10(ratio))
        return f"about {ratio:,.0f} times the median (~{power:,}x): decimal point or unit error?"
    return "a genuine extreme or a data-entry slip; verify at the source"
