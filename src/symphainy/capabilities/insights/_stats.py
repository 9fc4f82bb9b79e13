"""Descriptive statistics of one parsed table: per-column summaries, distributions, correlations.

Pure functions over a polars frame; floats are rounded to 10 significant digits so a report
on the same bytes is the same on every run.
"""

from __future__ import annotations

import math
from typing import Any, Final

import numpy as np
import polars as pl

from symphainy.capabilities.insights import _formats

MAX_CATEGORIES: Final = 50
DATE_SHARE: Final = 0.8


def num(value: Any) -> float | None:
    """A finite float rounded to 10 significant digits, else None."""
    if value is None:
        return None
    number = float(value)
    return float(f"{number:.10g}") if math.isfinite(number) else None


def is_identifier(name: str) -> bool:
    """Columns named `id`, `*_id`, `*Id`: labels, not quantities."""
    key = _formats.snake(name)
    return key in {"id", "uuid", "guid", "key"} or key.endswith("_id")


def measures(frame: pl.DataFrame) -> list[str]:
    """Numeric columns that are quantities (not booleans, not identifiers)."""
    return [
        n
        for n, d in frame.schema.items()
        if d.is_numeric() and d != pl.Boolean and not is_identifier(n)
    ]


def dates(frame: pl.DataFrame) -> dict[str, pl.Series]:
    """Date columns as Datetime series: typed ones, and strings that are mostly ISO dates."""
    out: dict[str, pl.Series] = {}
    for name, dtype in frame.schema.items():
        series = frame[name]
        if dtype == pl.Date or isinstance(dtype, pl.Datetime):
            out[name] = series.cast(pl.Datetime("us"))
        elif dtype == pl.String:
            parsed = _iso_dates(series)
            present = series.drop_nulls().len()
            if present and parsed.drop_nulls().len() / present >= DATE_SHARE:
                out[name] = parsed
    return out


def _iso_dates(series: pl.Series) -> pl.Series:
    """The calendar day of ISO dates and timestamps (trends need no finer grain); else null."""
    text = series.str.strip_chars()
    iso = text.str.contains(_formats.CHECKS["date"]).fill_null(False)
    day = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    return day.zip_with(iso, pl.Series([None] * series.len(), dtype=pl.Date)).cast(
        pl.Datetime("us")
    )


def describe(series: pl.Series, top_n: int) -> dict[str, Any]:
    """Count, nulls, distinct, and the statistics that fit the column's type."""
    values = series.drop_nulls()
    out: dict[str, Any] = {
        "name": series.name,
        "dtype": str(series.dtype),
        "count": series.len(),
        "nulls": series.null_count(),
        "distinct": values.n_unique() if not series.dtype.is_nested() else None,
    }
    if series.dtype.is_numeric() and series.dtype != pl.Boolean:
        out["numeric"] = _numeric(values.cast(pl.Float64))
    elif series.dtype == pl.String:
        lengths = values.str.len_chars()
        out["length"] = {"min": lengths.min(), "max": lengths.max(), "mean": num(lengths.mean())}
    elif series.dtype.is_temporal():
        out["range"] = {"min": str(values.min()), "max": str(values.max())}
    if not series.dtype.is_nested() and values.len():
        out["top_values"] = top_values(values, top_n)
    return out


def _numeric(values: pl.Series) -> dict[str, float | None]:
    if values.len() == 0:
        return {}
    stats = {
        "mean": values.mean(),
        "std": values.std(),
        "min": values.min(),
        "p25": values.quantile(0.25, "linear"),
        "median": values.median(),
        "p75": values.quantile(0.75, "linear"),
        "max": values.max(),
        "sum": values.sum(),
        "skew": values.skew() if values.len() > 2 else None,
    }
    return {k: num(v) for k, v in stats.items()}


def top_values(values: pl.Series, top_n: int) -> list[dict[str, Any]]:
    """The most frequent values with their counts and shares (ties broken by value)."""
    counts = values.value_counts(name="count").sort(
        ["count", values.name], descending=[True, False]
    )
    total = values.len()
    return [
        {"value": _json(v), "count": int(n), "share": round(n / total, 6)}
        for v, n in counts.head(top_n).iter_rows()
    ]


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return num(value)
    return str(value)


def histogram(values: pl.Series, bins: int) -> dict[str, Any] | None:
    """Equal-width bins over [min, max] (numpy's rule for the last, closed bin)."""
    data = values.cast(pl.Float64).drop_nulls().drop_nans().to_numpy()
    if data.size == 0:
        return None
    counts, edges = np.histogram(data, bins=bins)
    return {"edges": [num(e) for e in edges], "counts": [int(c) for c in counts]}


def correlations(frame: pl.DataFrame, columns: list[str], floor: float) -> dict[str, Any]:
    """Pearson r over pairwise-complete rows, and the pairs with |r| ≥ floor."""
    matrix: list[list[float | None]] = []
    strong: list[dict[str, Any]] = []
    for i, a in enumerate(columns):
        row: list[float | None] = []
        for j, b in enumerate(columns):
            r = 1.0 if i == j else pearson(frame[a], frame[b])
            row.append(r)
            if i < j and r is not None and abs(r) >= floor:
                strong.append(
                    {"a": a, "b": b, "r": r, "direction": "positive" if r > 0 else "negative"}
                )
        matrix.append(row)
    strong.sort(key=lambda s: (-abs(s["r"]), s["a"], s["b"]))
    return {"columns": columns, "matrix": matrix, "strong": strong}


def pearson(a: pl.Series, b: pl.Series) -> float | None:
    """Pearson r of two numeric series over rows where both are present (None if undefined)."""
    both = pl.DataFrame({"a": a.cast(pl.Float64), "b": b.cast(pl.Float64)}).drop_nulls().drop_nans()
    if both.height < 3 or both["a"].std() == 0 or both["b"].std() == 0:
        return None
    return num(np.corrcoef(both["a"].to_numpy(), both["b"].to_numpy())[0, 1])
