"""search_content: find words in the tenant's parsed content, and meaning in its embeddings.

Text mode scans the string columns of every READY parsed table (case-insensitive literal
match, polars, streaming) and the text of parsed documents; a hit's score is the share of
the cell or chunk the query covers. Semantic mode ranks the vectors of the tenant's READY
`embeddings` artifacts by cosine similarity to the query's vector. `both` merges the two
rankings by reciprocal rank fusion. Only the caller's tenant's artifacts are listed, and
work is bounded: at most MAX_ARTIFACTS artifacts per kind and `limit` hits per column.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from symphainy.capabilities.content import _parsed
from symphainy.capabilities.content._minilm import ENCODERS
from symphainy.capabilities.content._models import (
    SearchContentParams,
    SearchContentResult,
    SearchHit,
)
from symphainy.capabilities.content._text import chunk_passages, document_passages, snippet
from symphainy.contracts import ArtifactView
from symphainy.runtime import ExecutionContext

MAX_ARTIFACTS: Final = 100
SNIPPET_CHARS: Final = 240
RRF_K: Final = 60
_ROW: Final = "__symphainy_row__"
_SCORE: Final = "__symphainy_score__"
_META: Final = ("position", "kind", "table", "column", "chunk", "section", "text")


@dataclass
class Found:
    """Hits of one mode, how many artifacts were searched, and whether some were left out."""

    hits: list[SearchHit] = field(default_factory=list)
    counts: list[dict[str, Any]] = field(default_factory=list)
    searched: int = 0
    truncated: bool = False


async def search_content(ctx: ExecutionContext, p: SearchContentParams) -> SearchContentResult:
    """Search the caller's parsed content by text, by meaning, or both; best hits first."""
    text = await _text_search(ctx, p.query, p.limit) if p.mode != "semantic" else Found()
    meaning = await _semantic_search(ctx, p.query, p.limit) if p.mode != "text" else Found()
    if p.mode == "both":
        hits = fuse([text.hits, meaning.hits], p.limit)
    else:
        hits = (text.hits or meaning.hits)[: p.limit]
    return SearchContentResult(
        query=p.query,
        mode=p.mode,
        hits=hits,
        text_hit_counts=text.counts,
        searched={"parsed_content": text.searched, "embeddings": meaning.searched},
        truncated=text.truncated or meaning.truncated,
    )


def fuse(rankings: list[list[SearchHit]], limit: int) -> list[SearchHit]:
    """Reciprocal rank fusion: each hit scores 1/(60 + rank) in its own ranking."""
    scored = [
        (1.0 / (RRF_K + rank + 1), order, rank, hit)
        for order, ranking in enumerate(rankings)
        for rank, hit in enumerate(ranking)
    ]
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return [hit for *_, hit in scored[:limit]]


async def _ready(ctx: ExecutionContext, artifact_type: str) -> tuple[list[ArtifactView], bool]:
    page = await ctx.artifacts.list(
        artifact_type=artifact_type, lifecycle_state="READY", limit=MAX_ARTIFACTS
    )
    return page.artifacts, page.total > len(page.artifacts)


async def _text_search(ctx: ExecutionContext, query: str, limit: int) -> Found:
    arts, truncated = await _ready(ctx, "parsed_content")
    found = Found(searched=len(arts), truncated=truncated)
    needle = query.lower()
    for art in arts:
        for ref in _parsed.tables(ctx, art):
            if ref.path is not None:
                hits, counts = await asyncio.to_thread(table_hits, ref.path, needle, limit)
                _add_table(found, art.artifact_id, ref.name, hits, counts)
        doc = await _parsed.document(ctx, art)
        if doc is not None:
            _add_document(found, art.artifact_id, doc, query)
    found.hits.sort(key=lambda h: (-h.score, h.artifact_id, h.table or "", h.row or 0))
    found.hits = found.hits[:limit]
    return found


def table_hits(
    path: Path, needle: str, limit: int
) -> tuple[list[tuple[str, int, str, float]], dict[str, int]]:
    """Best `limit` matching cells per string column, and matching-row counts per column.

    Returns:
        (column, row, cell, score) hits, and {column: rows whose cell contains the needle}.
    """
    lazy = pl.scan_parquet(path)
    names = [n for n, d in lazy.collect_schema().items() if d == pl.String]
    if not names:
        return [], {}
    lowered = {n: pl.col(n).str.to_lowercase() for n in names}
    counts = (
        lazy.select(lowered[n].str.contains(needle, literal=True).sum().alias(n) for n in names)
        .collect(engine="streaming")
        .row(0, named=True)
    )
    hit_counts = {n: int(counts[n]) for n in names if counts[n]}
    hits: list[tuple[str, int, str, float]] = []
    for name in hit_counts:
        score = (lowered[name].str.count_matches(needle, literal=True) * len(needle)) / pl.col(
            name
        ).str.len_chars()
        best = (
            lazy.with_row_index(_ROW)
            .select(_ROW, pl.col(name), score.alias(_SCORE))
            .filter(pl.col(_SCORE) > 0)
            .top_k(limit, by=[_SCORE, _ROW], reverse=[False, True])
            .collect(engine="streaming")
        )
        hits += [(name, int(r), str(v), min(float(s), 1.0)) for r, v, s in best.iter_rows()]
    return hits, hit_counts


def _add_table(
    found: Found,
    artifact_id: str,
    table: str,
    hits: list[tuple[str, int, str, float]],
    counts: dict[str, int],
) -> None:
    for column, hits_in_column in counts.items():
        found.counts.append(
            {"artifact_id": artifact_id, "table": table, "column": column, "hits": hits_in_column}
        )
    for column, row, cell, score in hits:
        found.hits.append(
            SearchHit(
                artifact_id=artifact_id,
                artifact_type="parsed_content",
                parsed_file_id=artifact_id,
                match="text",
                kind="cell",
                table=table,
                column=column,
                row=row,
                score=round(score, 6),
                snippet=cell[:SNIPPET_CHARS],
            )
        )


def _add_document(found: Found, artifact_id: str, doc: Any, query: str) -> None:
    needle = query.lower()
    matched = 0
    for chunk in chunk_passages(document_passages(doc)):
        occurrences = chunk.text.lower().count(needle)
        if not occurrences:
            continue
        matched += 1
        found.hits.append(
            SearchHit(
                artifact_id=artifact_id,
                artifact_type="parsed_content",
                parsed_file_id=artifact_id,
                match="text",
                kind="chunk",
                chunk=chunk.index,
                section=chunk.section,
                score=round(min(occurrences * len(needle) / len(chunk.text), 1.0), 6),
                snippet=snippet(chunk.text, query),
            )
        )
    if matched:
        found.counts.append({"artifact_id": artifact_id, "document": True, "hits": matched})


async def _semantic_search(ctx: ExecutionContext, query: str, limit: int) -> Found:
    arts, truncated = await _ready(ctx, "embeddings")
    found = Found(searched=len(arts), truncated=truncated)
    if not arts:
        return found
    vector = (await asyncio.to_thread(ENCODERS.get().encode, [query]))[0]
    for art in arts:
        path = _vectors_path(ctx, art)
        if path is None:
            continue
        rows = await asyncio.to_thread(nearest, path, vector, limit)
        parsed_id = str(art.semantic_descriptor.get("parsed_file_id") or "")
        found.hits += [_semantic_hit(art.artifact_id, parsed_id, row) for row in rows]
    found.hits.sort(key=lambda h: (-h.score, h.artifact_id, h.chunk or 0))
    found.hits = found.hits[:limit]
    return found


def _vectors_path(ctx: ExecutionContext, art: ArtifactView) -> Path | None:
    for mat in art.materializations:
        if mat.storage_type == "blob" and mat.format == "parquet":
            return ctx.artifacts.local_path(mat.uri)
    return None


def nearest(path: Path, query: NDArray[np.float32], limit: int) -> list[dict[str, Any]]:
    """The `limit` stored vectors most similar to `query` (cosine; vectors are unit length)."""
    matrix = pl.read_parquet(path, columns=["vector"])["vector"].to_numpy()
    if len(matrix) == 0:
        return []
    norms = np.maximum(np.linalg.norm(matrix, axis=1), 1e-12)
    scores = (matrix @ query) / (norms * max(float(np.linalg.norm(query)), 1e-12))
    k = min(limit, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((top, -scores[top]))]
    meta = pl.read_parquet(path, columns=list(_META))[top.tolist()]
    rows: list[dict[str, Any]] = meta.to_dicts()
    for row, index in zip(rows, top.tolist(), strict=True):
        row["score"] = float(scores[index])
    return rows


def _semantic_hit(artifact_id: str, parsed_id: str, row: dict[str, Any]) -> SearchHit:
    return SearchHit(
        artifact_id=artifact_id,
        artifact_type="embeddings",
        parsed_file_id=parsed_id,
        match="semantic",
        kind=str(row["kind"]),
        table=row["table"],
        column=row["column"],
        chunk=row["chunk"],
        section=row["section"],
        score=round(float(row["score"]), 6),
        snippet=str(row["text"])[:SNIPPET_CHARS],
    )
