"""interpret_data_self_discovery: what a parsed file holds, found without a guide.

Tables become entities whose columns get roles from their evidence (identifier, reference,
temporal, contact, measure, category, flag, text, attribute); columns sharing a prefix
(`billing_street`, `billing_city`) form embedded components; references to other tables come
from map_relationships' foreign-key search. A document yields its entities by pattern, its
topics (TF-IDF keywords) and its outline.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any, Final

from symphainy.capabilities.insights import (
    _columns,
    _entities,
    _formats,
    _narrate,
    _relationships,
    _source,
    _text_stats,
)
from symphainy.capabilities.insights._columns import ColumnInfo, Meanings
from symphainy.capabilities.insights._models_graph import MapRelationshipsParams
from symphainy.capabilities.insights._models_interpret import (
    InterpretDataSelfDiscoveryParams,
    InterpretDataSelfDiscoveryResult,
)
from symphainy.capabilities.insights._store import save_report
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "interpretation"
CONTACT: Final = frozenset({"email", "phone", "url"})
LONG_TEXT: Final = 40


async def interpret_data_self_discovery(
    ctx: ExecutionContext, p: InterpretDataSelfDiscoveryParams
) -> InterpretDataSelfDiscoveryResult:
    """Discover entities, attribute roles and relationships in a parsed file.

    Raises:
        ArtifactNotFound: the parsed file is not the caller's.
        InvalidRequest: it holds neither tables nor text.
    """
    parsed = await _source.ready(ctx, p.parsed_file_id)
    tables = await _source.load_tables(ctx, parsed)
    parents = [parsed.artifact_id]
    if tables:
        body, used = await _tabular(ctx, parsed, tables, p)
        parents += used
    else:
        body = await _document(ctx, parsed, p.top_topics)
    body.update(await _narrate.narrate(ctx, "self-discovered data interpretation", body))
    summary = {"kind": body["kind"], "entities": len(body["entities"])}
    saved = await save_report(ctx, ARTIFACT_TYPE, body, parents=parents, summary=summary)
    return InterpretDataSelfDiscoveryResult(report_id=saved.report_id, charts=saved.charts, **body)


async def _tabular(
    ctx: ExecutionContext,
    parsed: ArtifactView,
    tables: list[_source.LoadedTable],
    p: InterpretDataSelfDiscoveryParams,
) -> tuple[dict[str, Any], list[str]]:
    mine = [c for t in tables for c in await asyncio.to_thread(_columns.describe, t)]
    others = await _other_columns(ctx, parsed) if p.include_tenant_tables else []
    meanings = Meanings()
    await meanings.complete(mine + others)
    keys = [c for c in mine + others if _relationships.is_candidate_key(c)]
    rules = MapRelationshipsParams(min_overlap=p.min_overlap, min_confidence=p.min_confidence)
    relations = [
        r
        for r in _relationships.find_foreign_keys(mine + others, keys, meanings, rules)
        if parsed.artifact_id in (r["from"]["parsed_file_id"], r["to"]["parsed_file_id"])
    ]
    references = {
        (r["from"]["table"], r["from"]["column"]) for r in relations if r["kind"] == "foreign_key"
    }
    entities = [_entity(t, [c for c in mine if c.table == t.name], references) for t in tables]
    body = {
        "parsed_file_id": parsed.artifact_id,
        "kind": "tabular",
        "entities": entities,
        "relationships": relations,
        "topics": [],
    }
    return body, sorted({r["to"]["parsed_file_id"] for r in relations} - {parsed.artifact_id})


async def _other_columns(ctx: ExecutionContext, parsed: ArtifactView) -> list[ColumnInfo]:
    out: list[ColumnInfo] = []
    arts = (await _source.ready_of_type(ctx, "parsed_content"))[: _relationships.MAX_FILES]
    for art in arts:
        if art.artifact_id == parsed.artifact_id or not (
            art.semantic_descriptor.get("schema") or {}
        ).get("tables"):
            continue
        for table in await _source.load_tables(ctx, art):
            out += await asyncio.to_thread(_columns.describe, table)
    return out


def _entity(
    table: _source.LoadedTable, columns: list[ColumnInfo], references: set[tuple[str, str]]
) -> dict[str, Any]:
    attributes = [
        {
            "name": c.name,
            "role": role(c, (c.table, c.name) in references),
            "family": c.family,
            "format": c.fmt,
        }
        for c in columns
    ]
    return {
        "name": entity_name(table.label),
        "table": table.name,
        "label": table.label,
        "rows": table.row_count,
        "identifier": next((a["name"] for a in attributes if a["role"] == "identifier"), None),
        "attributes": attributes,
        "components": components([c.name for c in columns]),
    }


def role(column: ColumnInfo, is_reference: bool) -> str:
    """What a column is for, from its evidence (first rule that applies)."""
    words = _columns.tokens(column.name)
    if is_reference:
        return "reference"
    if _relationships.is_candidate_key(column) and (
        words & {"id", "key", "uuid", "guid", "code", "number"} or column.fmt == "uuid"
    ):
        return "identifier"
    if "id" in words:
        return "reference"
    if column.family == "date":
        return "temporal"
    if column.fmt in CONTACT:
        return "contact"
    if column.family == "boolean" or column.distinct == 2:
        return "flag"
    if column.family in ("integer", "number"):
        return "measure"
    return _text_role(column)


def _text_role(column: ColumnInfo) -> str:
    longest = max((len(v) for v in column.values or ()), default=0)
    if longest > LONG_TEXT:
        return "text"
    if 0 < column.distinct <= 50 and column.distinct * 2 <= column.present:
        return "category"
    return "attribute"


def components(names: list[str]) -> list[dict[str, Any]]:
    """Groups of at least two columns sharing a first word (`billing_city`, `billing_zip`)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        parts = _formats.snake(name).split("_")
        if len(parts) > 1:
            groups[parts[0]].append(name)
    return [
        {"name": entity_name(prefix), "columns": cols}
        for prefix, cols in groups.items()
        if len(cols) >= 2 and prefix not in {"is", "has"}
    ]


def entity_name(label: str) -> str:
    """`order_lines` → `OrderLine`."""
    words = _formats.snake(label).split("_")
    return "".join(_columns.singular(w).capitalize() for w in words if w) or "Entity"


async def _document(ctx: ExecutionContext, parsed: ArtifactView, top: int) -> dict[str, Any]:
    passages = await _source.passages(ctx, parsed)
    if not passages:
        raise InvalidRequest(f"parsed content {parsed.artifact_id} has neither tables nor text")
    found = _entities.find(passages, 50)
    entities = [
        {"name": kind, "role": "mentioned", "instances": items}
        for kind, items in found.items()
        if items
    ]
    return {
        "parsed_file_id": parsed.artifact_id,
        "kind": "document",
        "entities": entities,
        "relationships": [],
        "topics": _text_stats.keywords(passages, top),
        "outline": [s["heading"] for s in _text_stats.sections(passages) if s["heading"]],
    }
