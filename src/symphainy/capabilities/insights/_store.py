"""Keeping insights results: a report artifact (JSON) and one visualization artifact per chart.

The report artifact's parents are the inputs the report was computed from, so lineage runs
file → parsed_content → (embeddings) → report → visualization. Its descriptor holds a short
summary; the whole report is its JSON materialization (and the intent's result).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from symphainy.capabilities.insights._models import ChartRef
from symphainy.runtime import ExecutionContext

VISUALIZATION = "visualization"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG drawn for a report."""

    name: str
    title: str
    kind: str
    svg: str


@dataclass(frozen=True, slots=True)
class Saved:
    """The stored report and its charts."""

    report_id: str
    charts: list[ChartRef]


def filename(name: str) -> str:
    """A safe file name for a chart."""
    return (_SAFE.sub("_", name).strip("._") or "chart")[:120] + ".svg"


async def save_report(
    ctx: ExecutionContext,
    artifact_type: str,
    report: dict[str, Any],
    *,
    parents: Sequence[str],
    summary: dict[str, Any],
    charts: Sequence[Chart] = (),
) -> Saved:
    """Register the READY report artifact and its charts; return their ids."""
    art = await ctx.artifacts.put_json(
        artifact_type,
        report,
        parents=parents,
        descriptor={**summary, "filename": f"{artifact_type}.json", "charts": len(charts)},
    )
    refs = [await _save_chart(ctx, art.artifact_id, chart) for chart in charts]
    return Saved(art.artifact_id, refs)


async def _save_chart(ctx: ExecutionContext, report_id: str, chart: Chart) -> ChartRef:
    name = filename(chart.name)
    mat = await ctx.artifacts.store_bytes(chart.svg.encode(), "svg")
    art = await ctx.artifacts.register(
        VISUALIZATION,
        parents=[report_id],
        descriptor={"title": chart.title, "kind": chart.kind, "filename": name, "format": "svg"},
        materializations=[mat],
        lifecycle_state="READY",
    )
    return ChartRef(artifact_id=art.artifact_id, title=chart.title, kind=chart.kind, filename=name)
