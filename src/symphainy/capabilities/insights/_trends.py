"""Trends over date columns: rows and measure means per period, with a least-squares slope."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import polars as pl

from symphainy.capabilities.insights._stats import num

EVERY: Final = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
MIN_PERIODS: Final = 3
FLAT: Final = 0.1
"""A fitted change over the whole span below 10% of the mean level counts as flat."""
_DATE: Final = "__date__"
_PERIOD: Final = "__period__"


def period_for(span_days: float) -> str:
    """Days up to two months, months up to three years, quarters up to ten, then years."""
    if span_days <= 62:
        return "day"
    if span_days <= 3 * 366:
        return "month"
    return "quarter" if span_days <= 10 * 366 else "year"


def trends(
    frame: pl.DataFrame, date_columns: dict[str, pl.Series], measures: list[str], period: str
) -> list[dict[str, Any]]:
    """One trend block per date column that spans at least MIN_PERIODS periods."""
    out = []
    for name, series in date_columns.items():
        block = _trend(
            frame.select(measures).with_columns(series.alias(_DATE)), name, measures, period
        )
        if block is not None:
            out.append(block)
    return out


def _trend(
    frame: pl.DataFrame, name: str, measures: list[str], period: str
) -> dict[str, Any] | None:
    dated = frame.drop_nulls(_DATE)
    if dated.height == 0:
        return None
    stamps = dated[_DATE].dt.epoch("s")
    span = (int(stamps.max() or 0) - int(stamps.min() or 0)) / 86400  # type: ignore[arg-type]
    chosen = period_for(span) if period == "auto" else period
    grouped = (
        dated.with_columns(pl.col(_DATE).dt.truncate(EVERY[chosen]).alias(_PERIOD))
        .group_by(_PERIOD)
        .agg(
            pl.len().alias("rows"), *(pl.col(m).cast(pl.Float64).mean().alias(m) for m in measures)
        )
        .sort(_PERIOD)
    )
    if grouped.height < MIN_PERIODS:
        return None
    labels = [_label(v, chosen) for v in grouped[_PERIOD]]
    series = {col: fit(grouped[col].to_list()) for col in ["rows", *measures]}
    return {"date_column": name, "period": chosen, "periods": labels, "series": series}


def _label(value: Any, period: str) -> str:
    text = str(value.isoformat())
    return (
        text[:7] if period in ("month", "quarter") else text[:4] if period == "year" else text[:10]
    )


def fit(values: list[float | None]) -> dict[str, Any]:
    """Values per period, least-squares slope per period, r², and the direction it implies."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    out: dict[str, Any] = {"values": [num(v) for v in values]}
    if len(points) < MIN_PERIODS:
        return {**out, "slope": None, "r2": None, "direction": "unknown"}
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    residual = float(((y - (slope * x + intercept)) ** 2).sum())
    total = float(((y - y.mean()) ** 2).sum())
    r2 = 1 - residual / total if total else 1.0
    level = float(np.abs(y).mean()) or 1.0
    change = slope * (x[-1] - x[0]) / level
    direction = "flat" if abs(change) < FLAT else ("increasing" if change > 0 else "decreasing")
    return {
        **out,
        "slope": num(slope),
        "r2": num(r2),
        "direction": direction,
        "change": num(change),
    }
