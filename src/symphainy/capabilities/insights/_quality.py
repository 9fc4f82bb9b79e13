"""assess_data_quality: a graded quality report over a parsed file's tables.

Five dimensions are scored as 1 - affected/checked values: completeness (null, blank and
placeholder cells), validity (string values against the format their column is expected to
hold: email, phone, date, UUID, URL, ZIP, number), uniqueness (repeated identifiers, duplicate
rows), consistency (one layout per phone/date column, one spelling per category, no padding,
and across columns: no end date before its start, totals that add up) and outliers (beyond
k·IQR). A cross-column finding counts against the column it is reported on (the end date, the
total), which is then among the values consistency checked. The weighted score maps to a
grade A to F.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Final

import polars as pl

from symphainy.capabilities.insights import _formats, _narrate, _source, _svg
from symphainy.capabilities.insights import _quality_checks as qc
from symphainy.capabilities.insights import _quality_rows as qr
from symphainy.capabilities.insights._models import (
    AssessDataQualityParams,
    AssessDataQualityResult,
    ColumnQuality,
    Finding,
    QualityOptions,
    TableQuality,
)
from symphainy.capabilities.insights._quality_variants import near_duplicates
from symphainy.capabilities.insights._store import Chart, save_report
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "quality_report"
DIMENSIONS: Final = ("completeness", "validity", "uniqueness", "consistency", "outliers")
WEIGHTS: Final = {
    "completeness": 0.3,
    "validity": 0.3,
    "uniqueness": 0.15,
    "consistency": 0.15,
    "outliers": 0.1,
}
GRADES: Final = (("A", 0.99), ("B", 0.97), ("C", 0.93), ("D", 0.85))

Ratios = dict[str, dict[str, float]]


@dataclass
class Tally:
    """Values checked and values affected, per dimension."""

    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0))
    affected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0))
    columns: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0))

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        for d in DIMENSIONS:
            self.checked[d] += other.checked[d]
            self.affected[d] += other.affected[d]
            self.columns[d] += other.columns[d]

    def scores(self) -> dict[str, float]:
        """1 - affected/checked per dimension (1.0 when nothing could be checked)."""
        return {
            d: round(1 - self.affected[d] / self.checked[d], 6) if self.checked[d] else 1.0
            for d in DIMENSIONS
        }


async def assess_data_quality(
    ctx: ExecutionContext, p: AssessDataQualityParams
) -> AssessDataQualityResult:
    """Check every column of the parsed tables and grade the whole.

    Raises:
        ArtifactNotFound: the parsed file (or the embedding) is not the caller's.
        InvalidRequest: the parsed file has no tables, `table` is not one of them, or
            `source_file_id` / `deterministic_embedding_id` belong to another file.
    """
    parsed = await _source.ready(ctx, p.parsed_file_id)
    source_id = _source_file(parsed, p.source_file_id)
    parents, ratios = [parsed.artifact_id], None
    if p.deterministic_embedding_id is not None:
        det = await _source.deterministic_of(ctx, parsed.artifact_id, p.deterministic_embedding_id)
        parents.append(det.artifact_id)
        ratios = _embedded_ratios(det)
    tables = await _source.require_tables(ctx, parsed, p.table)
    total, reports = Tally(), []
    for number, table in enumerate(tables, start=1):
        report, tally = await asyncio.to_thread(assess_table, table, p.quality_options, ratios)
        reports.append(report)
        total.add(tally)
        await ctx.emit(
            message=f"checked table {table.name}", percent=10 + 70 * number // len(tables)
        )
    return await _finish(ctx, p, parsed, source_id, parents, reports, total)


async def _finish(
    ctx: ExecutionContext,
    p: AssessDataQualityParams,
    parsed: ArtifactView,
    source_id: str | None,
    parents: list[str],
    reports: list[TableQuality],
    total: Tally,
) -> AssessDataQualityResult:
    scores = total.scores()
    score = round(sum(WEIGHTS[d] * scores[d] for d in DIMENSIONS), 6)
    findings = sum(len(c.findings) for t in reports for c in t.columns)
    columns = sum(len(t.columns) for t in reports)
    body: dict[str, Any] = {
        "parsed_file_id": parsed.artifact_id,
        "source_file_id": source_id,
        "grade": grade(score),
        "score": score,
        "scores": scores,
        "confidence": {
            d: round(total.columns[d] / columns, 6) if columns else 0.0 for d in DIMENSIONS
        },
        "parsing": _parsing(parsed),
        "tables": [t.model_dump() for t in reports],
        "finding_count": findings,
    }
    body.update(await _narrate.narrate(ctx, "data quality assessment", _facts(body)))
    summary = {k: body[k] for k in ("parsed_file_id", "grade", "score", "scores", "finding_count")}
    saved = await save_report(
        ctx, ARTIFACT_TYPE, body, parents=parents, summary=summary, charts=_charts(reports)
    )
    return AssessDataQualityResult(report_id=saved.report_id, charts=saved.charts, **body)


def _facts(body: dict[str, Any]) -> dict[str, Any]:
    """What the narrative may cite: the grade, the scores and every finding, without examples."""
    findings = [
        {"table": t["label"], "column": c["name"], **f.model_dump(exclude={"examples"})}
        for t in body["tables"]
        for c in t["columns"]
        for f in map(Finding.model_validate, c["findings"])
    ]
    keep = ("grade", "score", "scores", "finding_count")
    return {**{k: body[k] for k in keep}, "findings": findings}


def grade(score: float) -> str:
    """A for ≥ 0.99, B ≥ 0.97, C ≥ 0.93, D ≥ 0.85, else F: a few bad values in 100 cost a grade."""
    return next((letter for letter, floor in GRADES if score >= floor), "F")


def _source_file(parsed: ArtifactView, claimed: str | None) -> str | None:
    parents = parsed.parent_artifacts
    if claimed is not None and claimed not in parents:
        raise InvalidRequest(f"parsed content {parsed.artifact_id} was not parsed from {claimed}")
    return claimed or (parents[0] if parents else None)


def _embedded_ratios(det: ArtifactView) -> dict[str, Ratios]:
    out: dict[str, Ratios] = {}
    for table in det.semantic_descriptor.get("tables") or []:
        out[str(table["name"])] = {
            str(c["name"]): dict(c.get("formats") or {}) for c in table.get("columns") or []
        }
    return out


def _parsing(parsed: ArtifactView) -> dict[str, Any]:
    d = parsed.semantic_descriptor
    keys = ("parser", "content_kind", "parsing_type", "record_count", "metadata")
    return {k: d.get(k) for k in keys}


def assess_table(
    table: _source.LoadedTable, options: QualityOptions, embedded: dict[str, Ratios] | None
) -> tuple[TableQuality, Tally]:
    """Run the checks on every column of one table."""
    frame = table.frame
    ratios = (embedded or {}).get(table.name) or format_ratios(frame)
    masks = {name: qc.missing_mask(frame[name]) for name in frame.columns}
    across = qr.cross_column(table.name, frame, options.max_examples)
    tally, columns = Tally(), []
    for name in frame.columns:
        col = qc.Column(table.name, name, frame[name], frame.height, options.max_examples)
        column, col_tally = assess_column(col, masks, ratios.get(name) or {}, options, across)
        columns.append(column)
        tally.add(col_tally)
    duplicate_rows = _duplicate_rows(frame)
    tally.checked["uniqueness"] += frame.height
    tally.affected["uniqueness"] += duplicate_rows
    report = TableQuality(
        name=table.name,
        label=table.label,
        row_count=table.row_count,
        rows_analyzed=frame.height,
        duplicate_rows=duplicate_rows,
        scores=tally.scores(),
        columns=columns,
    )
    return report, tally


def assess_column(
    col: qc.Column,
    masks: dict[str, pl.Series],
    ratios: dict[str, float],
    options: QualityOptions,
    across: qr.RowChecks,
) -> tuple[ColumnQuality, Tally]:
    """The five checks of one column (and the table's cross-column findings on it)."""
    present = ~masks[col.name]
    n_present = int(present.sum())
    fmt = (
        _formats.expected(col.name, ratios, options.format_threshold)
        if col.series.dtype == pl.String
        else None
    )
    key_like = qc.is_key_like(col, fmt, n_present, col.series.filter(present).n_unique())
    found = _checks(col, masks, fmt, key_like, options, across.findings.get(col.name, []))
    tally = _column_tally(col, fmt, key_like, n_present, found, col.name in across.checked)
    affected = sum(tally.affected.values())
    column = ColumnQuality(
        name=col.name,
        dtype=str(col.series.dtype),
        expected_format=fmt,
        present=n_present,
        missing=col.rows - n_present,
        invalid=tally.affected["validity"],
        duplicates=tally.affected["uniqueness"],
        inconsistent=tally.affected["consistency"],
        outliers=tally.affected["outliers"],
        score=round(max(0.0, 1 - affected / col.rows), 6) if col.rows else 1.0,
        findings=[f for d in DIMENSIONS for f in found[d]],
    )
    return column, tally


def _checks(
    col: qc.Column,
    masks: dict[str, pl.Series],
    fmt: str | None,
    key_like: bool,
    options: QualityOptions,
    across: list[Finding],
) -> dict[str, list[Finding]]:
    """Every finding on one column, by dimension (`across`: the table's cross-column ones)."""
    present = ~masks[col.name]
    found: dict[str, list[Finding]] = {d: [] for d in DIMENSIONS}
    _keep(found, qc.completeness(col, masks))
    invalid = _keep(found, qc.validity(col, fmt, present))
    valid = present if invalid is None else present & _matches(col.series, fmt)
    _keep(found, qc.uniqueness(col, key_like, present))
    for check in (qc.layout(col, fmt, valid), near_duplicates(col, present), qc.whitespace(col)):
        _keep(found, check)
    for check in across:
        _keep(found, check)
    _keep(found, qc.outliers(col, options.outlier_iqr_factor, key_like))
    return found


def _keep(found: dict[str, list[Finding]], finding: Finding | None) -> Finding | None:
    if finding is not None:
        found[finding.dimension].append(finding)
    return finding


def _matches(series: pl.Series, fmt: str | None) -> pl.Series:
    if fmt is None:
        return pl.Series([True] * series.len())
    return series.str.strip_chars().str.contains(_formats.CHECKS[fmt]).fill_null(False)


def _column_tally(
    col: qc.Column,
    fmt: str | None,
    key_like: bool,
    present: int,
    found: dict[str, list[Finding]],
    crossed: bool,
) -> Tally:
    """Values checked and affected per dimension; `crossed`: a cross-column rule checked it."""
    tally = Tally()
    string = col.series.dtype == pl.String
    numeric = col.series.dtype.is_numeric() and not key_like
    applies = {
        "completeness": (True, col.rows),
        "validity": (fmt is not None, present),
        "uniqueness": (key_like, present),
        "consistency": (string or crossed, present),
        "outliers": (numeric, present),
    }
    for d, (applied, base) in applies.items():
        if applied:
            tally.columns[d] += 1
            tally.checked[d] += base
            tally.affected[d] += min(sum(f.count for f in found[d]), base)
    return tally


def format_ratios(frame: pl.DataFrame) -> Ratios:
    """Share of each string column's present values matching each known format."""
    out: Ratios = {}
    for name in frame.columns:
        series = frame[name]
        if series.dtype != pl.String:
            continue
        values = series.drop_nulls().str.strip_chars()
        values = values.filter(values != "")
        if values.len() == 0:
            continue
        out[name] = {fmt: _share(values, rx) for fmt, rx in _formats.FORMATS.items()}
    return out


def _share(values: pl.Series, regex: str) -> float:
    return round(int(values.str.contains(regex).sum()) / values.len(), 6)


def _duplicate_rows(frame: pl.DataFrame) -> int:
    if frame.height == 0 or any(dt.is_nested() for dt in frame.dtypes):
        return 0
    return frame.height - frame.unique().height


def _charts(reports: list[TableQuality]) -> list[Chart]:
    charts = []
    for table in reports:
        labels = [c.name for c in table.columns]
        values = [round(c.score * 100, 2) for c in table.columns]
        svg = _svg.bar_chart(f"Quality score per column: {table.label}", labels, values, "%")
        charts.append(
            Chart(f"quality_{table.label}", f"Quality per column ({table.label})", "bar", svg)
        )
    return charts
