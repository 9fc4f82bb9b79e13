"""map_relationships: candidate keys and foreign keys across the tenant's parsed tables.

A candidate key is a column with no missing value and no repeat (integer, text or date; not
long free text). A column A of one table is a foreign-key candidate for key K of another when
most of A's distinct values occur in K (containment). Confidence weighs containment (0.55),
what A's name says about K's table (0.3, e.g. `customer_id` → customers.id) and the semantic
similarity of the two columns (0.15). Values of A missing from K are reported as orphans.

When A is itself unique and K's values also occur in A, the two tables hold the same records
(a copy, or another system's view of them): that is reported once per pair of tables, as
`kind: "same_entity"`, not as a foreign key.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

from symphainy.capabilities.insights import _columns, _narrate, _source, _svg
from symphainy.capabilities.insights._columns import ColumnInfo, Meanings
from symphainy.capabilities.insights._models_graph import (
    MapRelationshipsParams,
    MapRelationshipsResult,
)
from symphainy.capabilities.insights._store import Chart, save_report
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "relationship_graph"
MAX_FILES: Final = 50
MAX_KEY_LENGTH: Final = 64
WEIGHTS: Final = (0.55, 0.3, 0.15)


async def map_relationships(
    ctx: ExecutionContext, p: MapRelationshipsParams
) -> MapRelationshipsResult:
    """Find keys and foreign keys among the chosen parsed files' tables and draw the ER graph.

    Raises:
        ArtifactNotFound: a named parsed file is not the caller's.
        InvalidRequest: the chosen files hold fewer than one table.
    """
    arts = await _files(ctx, p)
    tables = [t for art in arts for t in await _source.load_tables(ctx, art)]
    if not tables:
        raise InvalidRequest(
            "no parsed tables to relate: parse a CSV, Excel, JSON or data file first"
        )
    columns = {
        (t.parsed_file_id, t.name): await asyncio.to_thread(_columns.describe, t) for t in tables
    }
    await ctx.emit(message=f"profiled {len(tables)} tables", percent=40)
    meanings = Meanings()
    for art in arts:
        await meanings.load(ctx, art.artifact_id, await _source.embeddings_of(ctx, art.artifact_id))
    every = [c for cols in columns.values() for c in cols]
    await meanings.complete(every)
    keys = {k: [c for c in cols if is_candidate_key(c)] for k, cols in columns.items()}
    relations = find_foreign_keys(every, [c for ks in keys.values() for c in ks], meanings, p)
    if p.parsed_file_id is not None:
        relations = [
            r
            for r in relations
            if p.parsed_file_id in (r["from"]["parsed_file_id"], r["to"]["parsed_file_id"])
        ]
    entities = [
        _entity(t, columns[(t.parsed_file_id, t.name)], keys[(t.parsed_file_id, t.name)])
        for t in tables
    ]
    body: dict[str, Any] = {
        "parsed_file_ids": [a.artifact_id for a in arts],
        "entities": entities,
        "relationships": relations,
        "semantic": meanings.provenance(),
    }
    body.update(
        await _narrate.narrate(
            ctx, "entity relationship map", {"entities": entities, "relationships": relations}
        )
    )
    summary = {"tables": len(entities), "relationships": len(relations)}
    parents = [a.artifact_id for a in arts] + meanings.used
    saved = await save_report(
        ctx,
        ARTIFACT_TYPE,
        body,
        parents=parents,
        summary=summary,
        charts=[draw(entities, relations)],
    )
    return MapRelationshipsResult(report_id=saved.report_id, charts=saved.charts, **body)


async def _files(ctx: ExecutionContext, p: MapRelationshipsParams) -> list[ArtifactView]:
    """The named parsed files, else every READY parsed file of the tenant that has tables."""
    if p.parsed_file_ids:
        ids = list(
            dict.fromkeys([*p.parsed_file_ids, *([p.parsed_file_id] if p.parsed_file_id else [])])
        )
        return [await _source.ready(ctx, i) for i in ids]
    if p.parsed_file_id is not None:
        await _source.ready(ctx, p.parsed_file_id)
    arts = await _source.ready_of_type(ctx, "parsed_content")
    with_tables = [a for a in arts if (a.semantic_descriptor.get("schema") or {}).get("tables")]
    return sorted(with_tables, key=lambda a: (a.created_at, a.artifact_id))[-MAX_FILES:]


def is_candidate_key(column: ColumnInfo) -> bool:
    """Unique, complete, and a type and length that identifiers have."""
    if not column.unique or column.family not in ("integer", "text", "date"):
        return False
    longest = max((len(v) for v in column.values or ()), default=0)
    return longest <= MAX_KEY_LENGTH and column.distinct >= 2


def find_foreign_keys(
    columns: list[ColumnInfo], keys: list[ColumnInfo], meanings: Meanings, p: MapRelationshipsParams
) -> list[dict[str, Any]]:
    """Every (column → key in another table) pair above the thresholds, best first."""
    found = []
    for key in keys:
        for column in columns:
            relation = _relation(column, key, meanings, p.min_overlap)
            if relation is not None and relation["confidence"] >= p.min_confidence:
                found.append(relation)
    found.sort(key=lambda r: (-r["confidence"], r["from"]["label"], r["from"]["column"]))
    same = [r for r in found if r["kind"] == "same_entity"]
    return _best_per_column([r for r in found if r["kind"] == "foreign_key"]) + _best_per_pair(same)


def _relation(
    column: ColumnInfo, key: ColumnInfo, meanings: Meanings, min_overlap: float
) -> dict[str, Any] | None:
    if (column.source, column.table) == (key.source, key.table) or column.family != key.family:
        return None
    if _is_own_id(column) or column.distinct < 2:
        return None
    overlap = _columns.containment(column, key)
    if overlap is None or overlap < min_overlap:
        return None
    name = _columns.fk_name_score(column, key)
    semantic = meanings.similarity(column, key)
    confidence = round(WEIGHTS[0] * overlap + WEIGHTS[1] * name + WEIGHTS[2] * semantic, 6)
    orphans = sorted((column.values or frozenset()) - (key.values or frozenset()))
    mutual = column.unique and (_columns.containment(key, column) or 0.0) >= min_overlap
    return {
        "kind": "same_entity" if mutual else "foreign_key",
        "from": column.ref(),
        "to": key.ref(),
        "cardinality": "one-to-one" if column.unique else "many-to-one",
        "containment": overlap,
        "name_score": name,
        "semantic_score": semantic,
        "confidence": confidence,
        "orphan_values": len(orphans),
        "orphan_examples": orphans[:5],
    }


def _is_own_id(column: ColumnInfo) -> bool:
    """A table's own `id` column identifies its rows; it refers to nothing."""
    return column.unique and _columns.tokens(column.name) <= {"id", "key", "uuid", "guid"}


def _best_per_column(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A column refers to one key: keep its most confident candidate, note the others."""
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    for relation in found:
        origin = relation["from"]
        slot = (origin["parsed_file_id"], origin["table"], origin["column"])
        if slot in best:
            best[slot].setdefault("alternatives", []).append(relation["to"])
        else:
            best[slot] = relation
    return list(best.values())


def _best_per_pair(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two tables holding the same records: one entry per pair, on the best matching column."""
    best: dict[frozenset[tuple[str, str]], dict[str, Any]] = {}
    for relation in found:
        pair = frozenset(
            (relation[end]["parsed_file_id"], relation[end]["table"]) for end in ("from", "to")
        )
        best.setdefault(pair, relation)
    return list(best.values())


def _entity(
    table: _source.LoadedTable, columns: list[ColumnInfo], keys: list[ColumnInfo]
) -> dict[str, Any]:
    return {
        "parsed_file_id": table.parsed_file_id,
        "table": table.name,
        "label": table.label,
        "rows": table.row_count,
        "columns": [{"name": c.name, "family": c.family, "format": c.fmt} for c in columns],
        "candidate_keys": [k.name for k in keys],
    }


def _edge_label(relation: dict[str, Any]) -> str:
    source, target = relation["from"]["column"], relation["to"]["column"]
    if relation["kind"] == "same_entity":
        return f"same records ({source} = {target})"
    return f"{source} → {target} ({relation['confidence']:.2f})"


def draw(entities: list[dict[str, Any]], relations: list[dict[str, Any]]) -> Chart:
    """Tables as boxes (keys marked PK, references FK), referencing tables left of referenced."""
    node_id = {
        (e["parsed_file_id"], e["table"]): f"{e['parsed_file_id']}:{e['table']}" for e in entities
    }
    foreign = [r for r in relations if r["kind"] == "foreign_key"]
    referencing = {(r["from"]["parsed_file_id"], r["from"]["table"]) for r in foreign}
    fks = {(r["from"]["parsed_file_id"], r["from"]["table"], r["from"]["column"]) for r in foreign}
    nodes = []
    for e in entities:
        slot = (e["parsed_file_id"], e["table"])
        lines = tuple(
            f"{c['name']}{' PK' if c['name'] in e['candidate_keys'] else ''}"
            f"{' FK' if (*slot, c['name']) in fks else ''}"
            for c in e["columns"][:20]
        )
        nodes.append(_svg.Node(node_id[slot], e["label"], lines, 0 if slot in referencing else 1))
    edges = [
        _svg.Edge(
            node_id[(r["from"]["parsed_file_id"], r["from"]["table"])],
            node_id[(r["to"]["parsed_file_id"], r["to"]["table"])],
            _edge_label(r),
        )
        for r in relations
    ]
    return Chart(
        "relationships",
        "Entity-relationship graph",
        "graph",
        _svg.graph("Entity relationships", nodes, edges),
    )
