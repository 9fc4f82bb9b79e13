"""Column profiles of a Parquet table: the statistics behind a deterministic embedding.

All aggregates come from one lazy scan collected with the streaming engine, so a table
of millions of rows is read in batches; sample values come from the first rows only.
Floats are rounded to 10 significant digits, so the profile of the same bytes is the
same on every run whatever order the engine summed in.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import polars as pl

from symphainy.types import JSONObject, JSONValue

SAMPLE_ROWS: Final = 10_000
MAX_SAMPLE_CHARS: Final = 200
_DATE = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?"
FORMATS: Final[dict[str, str]] = {
    "email": r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$",
    "phone": (
        r"^(\+?1[ .\-]?)?(\([0-9]{3}\)|[0-9]{3})[ .\-]?[0-9]{3}[ .\-]?[0-9]{4}$"
        r"|^\+[1-9][0-9]{0,3}([ .\-]?[0-9]{2,5}){2,5}$"
    ),
    "uuid": r"(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    "iso_date": rf"^{_DATE}$",
    "iso_datetime": rf"^{_DATE}[T ]{_TIME}(Z|[+\-][0-9]{{2}}:?[0-9]{{2}})?$",
    "integer_like": r"^[+\-]?[0-9]+$",
    "decimal_like": r"^[+\-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?)$",
    "url": r"(?i)^(https?|ftp)://[^\s/?#.][^\s]*$",
    "zip": r"^[0-9]{5}(-[0-9]{4})?$",
}
_DATE_FORMATS: Final = ("iso_date", "iso_datetime")
_ANY_DATE: Final = rf"^{_DATE}([T ]{_TIME}(Z|[+\-][0-9]{{2}}:?[0-9]{{2}})?)?$"


@dataclass(frozen=True, slots=True)
class ProfileOptions:
    """How much a profile samples and when a format counts as the column's format."""

    sample_values: int = 10
    format_threshold: float = 0.8


@dataclass(frozen=True, slots=True)
class TableProfile:
    """A table's schema fingerprint and per-column pattern signatures."""

    row_count: int
    columns: list[JSONObject]
    schema_fingerprint: str
    signature_hash: str


def profile_table(path: Path, options: ProfileOptions) -> TableProfile:
    """Profile every column of a Parquet file (streaming)."""
    lazy = pl.scan_parquet(path)
    schema = lazy.collect_schema()
    stats = lazy.select(_aggregates(schema)).collect(engine="streaming").row(0, named=True)
    samples = _samples(lazy, schema, options.sample_values)
    rows = int(stats["rows"])
    columns = [
        _signature(i, name, dtype, rows, stats, samples[name], options)
        for i, (name, dtype) in enumerate(schema.items())
    ]
    return TableProfile(rows, columns, schema_fingerprint(columns), digest(columns))


def schema_fingerprint(columns: list[JSONObject]) -> str:
    """SHA-256 of the normalised column list: position, name, dtype, nullability."""
    normalised = [
        {
            "position": c["position"],
            "name": str(c["name"]).strip().lower(),
            "dtype": c["dtype"],
            "nullable": c["nullable"],
        }
        for c in columns
    ]
    return digest(normalised)


def digest(value: object) -> str:
    """SHA-256 of canonical JSON (sorted keys, no whitespace)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _aggregates(schema: pl.Schema) -> list[pl.Expr]:
    exprs = [pl.len().alias("rows")]
    for i, (name, dtype) in enumerate(schema.items()):
        col = pl.col(name)
        exprs.append(col.null_count().alias(f"{i}.nulls"))
        if dtype.is_nested():
            continue
        exprs.append(col.drop_nulls().n_unique().alias(f"{i}.distinct"))
        if dtype.is_numeric():
            exprs += _numeric(col, i)
        elif dtype.is_temporal():
            exprs += [col.min().alias(f"{i}.first"), col.max().alias(f"{i}.last")]
        elif dtype == pl.String:
            exprs += _string(col, i)
    return exprs


def _numeric(col: pl.Expr, i: int) -> list[pl.Expr]:
    return [
        col.min().alias(f"{i}.min"),
        col.max().alias(f"{i}.max"),
        col.cast(pl.Float64).mean().alias(f"{i}.mean"),
        col.cast(pl.Float64).std().alias(f"{i}.std"),
    ]


def _string(col: pl.Expr, i: int) -> list[pl.Expr]:
    length = col.str.len_chars()
    value = col.str.strip_chars()
    dated = value.filter(value.str.contains(_ANY_DATE))
    return [
        length.min().alias(f"{i}.len_min"),
        length.max().alias(f"{i}.len_max"),
        length.cast(pl.Float64).mean().alias(f"{i}.len_mean"),
        dated.min().alias(f"{i}.first"),
        dated.max().alias(f"{i}.last"),
        *(value.str.contains(rx).sum().alias(f"{i}.fmt.{name}") for name, rx in FORMATS.items()),
    ]


def _samples(lazy: pl.LazyFrame, schema: pl.Schema, k: int) -> dict[str, list[JSONValue]]:
    if k == 0 or not schema:
        return {name: [] for name in schema}
    head = lazy.head(SAMPLE_ROWS).select(
        pl.col(name).drop_nulls().unique(maintain_order=True).head(k).implode() for name in schema
    )
    row = head.collect().row(0, named=True)
    return {name: [_json_sample(v) for v in row[name]] for name in schema}


def _signature(
    i: int,
    name: str,
    dtype: pl.DataType,
    rows: int,
    stats: dict[str, Any],
    samples: list[JSONValue],
    options: ProfileOptions,
) -> JSONObject:
    nulls = int(stats[f"{i}.nulls"])
    present = rows - nulls
    signature: JSONObject = {
        "position": i,
        "name": name,
        "dtype": str(dtype),
        "nullable": nulls > 0,
        "count": rows,
        "nulls": nulls,
        "null_ratio": _ratio(nulls, rows),
        "distinct": _int(stats.get(f"{i}.distinct")),
        "sample_values": samples,
    }
    signature.update(_numbers(i, stats))
    formats = _formats(i, stats, present)
    signature["formats"] = {k: v for k, v in formats.items()}
    signature["primary_format"] = _primary(formats, options.format_threshold)
    signature["date_range"] = _date_range(i, dtype, stats, formats, options.format_threshold)
    return signature


def _numbers(i: int, stats: dict[str, Any]) -> JSONObject:
    out: JSONObject = {}
    if f"{i}.min" in stats:
        out["numeric"] = {k: _number(stats[f"{i}.{k}"]) for k in ("min", "max", "mean", "std")}
    if f"{i}.len_min" in stats:
        out["length"] = {
            "min": _int(stats[f"{i}.len_min"]),
            "max": _int(stats[f"{i}.len_max"]),
            "mean": _number(stats[f"{i}.len_mean"]),
        }
    return out


def _formats(i: int, stats: dict[str, Any], present: int) -> dict[str, float]:
    found: dict[str, float] = {}
    for name in FORMATS:
        hits = stats.get(f"{i}.fmt.{name}")
        if hits and present:
            found[name] = round(int(hits) / present, 6)
    return found


def _primary(formats: dict[str, float], threshold: float) -> str | None:
    """The best-matching format, if at least `threshold` of the values match it."""
    best = max(formats.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    if best is None or best[1] < threshold:
        return None
    return best[0]


def _date_range(
    i: int,
    dtype: pl.DataType,
    stats: dict[str, Any],
    formats: dict[str, float],
    threshold: float,
) -> JSONObject | None:
    first, last = stats.get(f"{i}.first"), stats.get(f"{i}.last")
    if first is None:
        return None
    if dtype == pl.String:
        share = sum(formats.get(f, 0.0) for f in _DATE_FORMATS)
        if share < threshold:
            return None
    return {"min": _json_sample(first), "max": _json_sample(last)}


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 6)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _number(value: Any) -> JSONValue:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    number = float(value)
    if not math.isfinite(number):
        return None
    return float(f"{number:.10g}")


def _json_sample(value: Any) -> JSONValue:
    if value is None or isinstance(value, bool | int | float):
        return _number(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value[: MAX_SAMPLE_CHARS // 2].hex()
    return str(value)[:MAX_SAMPLE_CHARS]
