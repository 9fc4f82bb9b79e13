"""match_source_to_target: map a source table's columns onto a target table's, for a migration."""

from __future__ import annotations

import asyncio
from typing import Any, Final

from symphainy.capabilities.insights import _columns, _matcher, _narrate, _source, _svg
from symphainy.capabilities.insights._columns import ColumnInfo, Meanings
from symphainy.capabilities.insights._models_graph import (
    MatchSourceToTargetParams,
    MatchSourceToTargetResult,
)
from symphainy.capabilities.insights._store import Chart, save_report
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "schema_mapping"


async def match_source_to_target(
    ctx: ExecutionContext, p: MatchSourceToTargetParams
) -> MatchSourceToTargetResult:
    """Score every source/target column pair and keep the best one-to-one mapping.

    Raises:
        ArtifactNotFound: a parsed file or embedding is not the caller's.
        InvalidRequest: a file has no tables, several without one being named, or an
            embedding id belongs to another file.
    """
    parents: list[str] = []
    meanings = Meanings()
    sides = []
    for side in ("source", "target"):
        columns, table = await _side(ctx, p, side, parents, meanings)
        sides.append((columns, table))
    (src, src_table), (tgt, tgt_table) = sides
    await meanings.complete(src + tgt)
    await ctx.emit(message=f"scoring {len(src)} x {len(tgt)} column pairs", percent=60)
    mappings, rest_s, rest_t = _matcher.match(src, tgt, meanings, p.min_confidence)
    body: dict[str, Any] = {
        "source": src_table,
        "target": tgt_table,
        "mappings": mappings,
        "unmatched_source": [c.name for c in rest_s],
        "unmatched_target": [c.name for c in rest_t],
        "coverage": round(len(mappings) / len(tgt), 6) if tgt else 0.0,
        "semantic": meanings.provenance(),
    }
    facts = {k: body[k] for k in ("mappings", "unmatched_source", "unmatched_target", "coverage")}
    body.update(await _narrate.narrate(ctx, "source to target column mapping", facts))
    summary = {"mappings": len(mappings), "coverage": body["coverage"]}
    saved = await save_report(
        ctx,
        ARTIFACT_TYPE,
        body,
        parents=[*parents, *meanings.used],
        summary=summary,
        charts=[_chart(mappings)] if mappings else [],
    )
    return MatchSourceToTargetResult(report_id=saved.report_id, charts=saved.charts, **body)


async def _side(
    ctx: ExecutionContext,
    p: MatchSourceToTargetParams,
    side: str,
    parents: list[str],
    meanings: Meanings,
) -> tuple[list[ColumnInfo], dict[str, Any]]:
    parsed_id: str = getattr(p, f"{side}_parsed_file_id")
    art = await _source.ready(ctx, parsed_id)
    parents.append(art.artifact_id)
    det_id: str | None = getattr(p, f"{side}_deterministic_embedding_id")
    if det_id is not None:
        parents.append((await _source.deterministic_of(ctx, art.artifact_id, det_id)).artifact_id)
    embedding = await _source.embeddings_of(
        ctx, art.artifact_id, getattr(p, f"{side}_embedding_id")
    )
    await meanings.load(ctx, art.artifact_id, embedding)
    table = _pick(await _source.require_tables(ctx, art, getattr(p, f"{side}_table")), side)
    columns = await asyncio.to_thread(_columns.describe, table)
    ref = {"parsed_file_id": art.artifact_id, "table": table.name, "label": table.label}
    return columns, {**ref, "columns": [c.name for c in columns]}


def _pick(tables: list[_source.LoadedTable], side: str) -> _source.LoadedTable:
    if len(tables) > 1:
        names = [t.name for t in tables]
        raise InvalidRequest(
            f"the {side} file has several tables; name one with {side}_table: {names}"
        )
    return tables[0]


def _chart(mappings: list[dict[str, Any]]) -> Chart:
    labels = [f"{m['source_column']} → {m['target_column']}" for m in mappings]
    values = [round(m["confidence"] * 100, 1) for m in mappings]
    svg = _svg.bar_chart("Column mapping confidence", labels, values, "%")
    return Chart("mapping_confidence", "Column mapping confidence", "bar", svg)
