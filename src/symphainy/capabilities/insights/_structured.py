"""analyze_structured_data: statistics, distributions, correlations, top values and trends."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Final

from symphainy.capabilities.insights import _narrate, _source, _stats, _svg, _trends
from symphainy.capabilities.insights._models import (
    AnalysisOptions,
    AnalyzeStructuredDataParams,
    AnalyzeStructuredDataResult,
)
from symphainy.capabilities.insights._store import Chart, save_report
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "analysis_report"


async def analyze_structured_data(
    ctx: ExecutionContext, p: AnalyzeStructuredDataParams
) -> AnalyzeStructuredDataResult:
    """Describe every parsed table (or `analysis_options.table`).

    Raises:
        ArtifactNotFound: the parsed file is not the caller's.
        InvalidRequest: it has no tables, or not the one named.
    """
    parsed = await _source.ready(ctx, p.parsed_file_id)
    options = p.analysis_options
    tables = await _source.require_tables(ctx, parsed, options.table)
    analyses: list[dict[str, Any]] = []
    for number, table in enumerate(tables, start=1):
        analyses.append(await asyncio.to_thread(analyze_table, table, options))
        await ctx.emit(
            message=f"analysed table {table.name}", percent=10 + 70 * number // len(tables)
        )
    body: dict[str, Any] = {"parsed_file_id": parsed.artifact_id, "tables": analyses}
    body.update(await _narrate.narrate(ctx, "structured data analysis", _facts(analyses)))
    summary = {
        "parsed_file_id": parsed.artifact_id,
        "analysis": "structured",
        "tables": [{"name": a["name"], "rows": a["row_count"]} for a in analyses],
    }
    charts = [c for a in analyses for c in charts_for(a)][: options.max_charts]
    saved = await save_report(
        ctx, ARTIFACT_TYPE, body, parents=[parsed.artifact_id], summary=summary, charts=charts
    )
    return AnalyzeStructuredDataResult(report_id=saved.report_id, charts=saved.charts, **body)


def _facts(analyses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per table: sizes, measure statistics, strong correlations and trend directions."""
    return [
        {
            "table": a["label"],
            "rows": a["row_count"],
            "measures": {
                c["name"]: c.get("numeric") for c in a["columns"] if c["name"] in a["measures"]
            },
            "strong_correlations": a["correlations"]["strong"],
            "trends": [
                {"by": t["date_column"], "period": t["period"], "directions": _directions(t)}
                for t in a["trends"]
            ],
        }
        for a in analyses
    ]


def _directions(trend: dict[str, Any]) -> dict[str, Any]:
    return {name: s["direction"] for name, s in trend["series"].items()}


def analyze_table(table: _source.LoadedTable, options: AnalysisOptions) -> dict[str, Any]:
    """The structured analysis of one table."""
    frame = table.frame
    measures = _stats.measures(frame)
    distributions: dict[str, Any] = {}
    for name in measures:
        hist = _stats.histogram(frame[name], options.bins)
        if hist is not None:
            distributions[name] = {"kind": "histogram", **hist}
    columns = [_stats.describe(frame[name], options.top_n) for name in frame.columns]
    for col in columns:
        distinct = col.get("distinct") or 0
        repeated = distinct * 2 <= col["count"] - col["nulls"]
        if col["name"] not in distributions and 0 < distinct <= _stats.MAX_CATEGORIES and repeated:
            distributions[col["name"]] = {"kind": "categories", "values": col.get("top_values", [])}
    date_columns = _stats.dates(frame)
    return {
        "name": table.name,
        "label": table.label,
        "row_count": table.row_count,
        "rows_analyzed": frame.height,
        "column_count": frame.width,
        "columns": columns,
        "measures": measures,
        "date_columns": list(date_columns),
        "distributions": distributions,
        "correlations": _stats.correlations(frame, measures, options.min_correlation),
        "trends": _trends.trends(frame, date_columns, measures, options.trend_period),
    }


def charts_for(analysis: dict[str, Any]) -> list[Chart]:
    """Histograms, category bars, trend lines and a correlation heatmap for one table."""
    table = analysis["label"]
    charts: list[Chart] = []
    for column, dist in analysis["distributions"].items():
        if dist["kind"] == "histogram":
            svg = _svg.histogram(f"{table}.{column}: distribution", dist["edges"], dist["counts"])
            charts.append(
                Chart(f"{table}_{column}_histogram", f"Distribution of {column}", "histogram", svg)
            )
        elif dist["values"]:
            labels = [str(v["value"]) for v in dist["values"]]
            svg = _svg.bar_chart(
                f"{table}.{column}: top values", labels, [v["count"] for v in dist["values"]]
            )
            charts.append(
                Chart(f"{table}_{column}_top_values", f"Top values of {column}", "bar", svg)
            )
    charts += [_trend_chart(table, t) for t in analysis["trends"]]
    corr = analysis["correlations"]
    if len(corr["columns"]) >= 2:
        svg = _svg.heatmap(f"{table}: correlations (Pearson r)", corr["columns"], corr["matrix"])
        charts.append(Chart(f"{table}_correlations", f"Correlations in {table}", "heatmap", svg))
    return charts


def _trend_chart(table: str, trend: dict[str, Any]) -> Chart:
    # Rows, prices and revenue differ by orders of magnitude: each line is drawn on its own
    # min..max scale (written in the legend) so every shape is visible.
    series: dict[str, Sequence[float]] = {}
    for name, s in trend["series"].items():
        values = [float("nan") if v is None else float(v) for v in s["values"]]
        finite = [v for v in values if v == v]
        low, high = min(finite, default=0.0), max(finite, default=0.0)
        span = (high - low) or 1.0
        series[f"{name} ({low:.4g} to {high:.4g})"] = [(v - low) / span for v in values]
    title = f"{table}: per {trend['period']} by {trend['date_column']} (each line on its own scale)"
    svg = _svg.line_chart(title, trend["periods"], series)
    return Chart(f"{table}_{trend['date_column']}_trend", title, "line", svg)
