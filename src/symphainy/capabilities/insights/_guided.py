"""interpret_data_guided: read a parsed table through a guide (a data model) and check it conforms.

The guide is a parsed data model (JSON Schema, OpenAPI components or a YAML/JSON `entities`
list, parsed by the content capability). Each table is matched to the entity whose fields it
covers best (the column matcher of match_source_to_target), then every mapped field is checked:
type family, required values present, format (email, date, UUID …) and enumerated values.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

import polars as pl

from symphainy.capabilities.insights import _columns, _formats, _matcher, _narrate, _source
from symphainy.capabilities.insights._columns import ColumnInfo, Meanings
from symphainy.capabilities.insights._models_interpret import (
    InterpretDataGuidedParams,
    InterpretDataGuidedResult,
)
from symphainy.capabilities.insights._store import save_report
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "interpretation"
_FAMILIES: Final = {
    "integer": {"integer", "int", "bigint", "smallint", "long", "int64", "int32"},
    "number": {"number", "float", "double", "decimal", "numeric", "money", "real"},
    "boolean": {"boolean", "bool"},
    "date": {"date", "datetime", "date-time", "timestamp", "time"},
}
_FORMATS: Final = {
    "email": "email",
    "uuid": "uuid",
    "uri": "url",
    "url": "url",
    "date": "date",
    "date-time": "date",
    "phone": "phone",
}


async def interpret_data_guided(
    ctx: ExecutionContext, p: InterpretDataGuidedParams
) -> InterpretDataGuidedResult:
    """Match each parsed table to an entity of the guide and report how well it conforms.

    Raises:
        ArtifactNotFound: the parsed file or the guide is not the caller's.
        InvalidRequest: the parsed file has no tables, or the guide is not a data model.
    """
    parsed = await _source.ready(ctx, p.parsed_file_id)
    guide = await _source.ready(ctx, p.guide_id)
    fields = guide_fields(guide.artifact_id, await _entities_of(ctx, guide))
    tables = await _source.require_tables(ctx, parsed, p.table)
    meanings = Meanings()
    await meanings.load(
        ctx, parsed.artifact_id, await _source.embeddings_of(ctx, parsed.artifact_id)
    )
    described = [(t, await asyncio.to_thread(_columns.describe, t)) for t in tables]
    await meanings.complete(
        [c for _, cols in described for c in cols] + [f for fs in fields.values() for f in fs]
    )
    await ctx.emit(message="matching tables to the guide's entities", percent=50)
    readings = [_interpret(t, cols, fields, meanings, p.min_confidence) for t, cols in described]
    body: dict[str, Any] = {
        "parsed_file_id": parsed.artifact_id,
        "guide_id": guide.artifact_id,
        "guide_entities": list(fields),
        "tables": readings,
        "conformance": _overall(readings),
        "semantic": meanings.provenance(),
    }
    body.update(await _narrate.narrate(ctx, "guided data interpretation", readings))
    summary = {"guide_id": guide.artifact_id, "conformance": body["conformance"]}
    parents = [parsed.artifact_id, guide.artifact_id, *meanings.used]
    saved = await save_report(ctx, ARTIFACT_TYPE, body, parents=parents, summary=summary)
    return InterpretDataGuidedResult(report_id=saved.report_id, charts=saved.charts, **body)


async def _entities_of(ctx: ExecutionContext, guide: ArtifactView) -> list[dict[str, Any]]:
    doc = await _source.document(ctx, guide)
    entities = doc.get("entities") if isinstance(doc, dict) else None
    if not isinstance(entities, list) or not entities:
        raise InvalidRequest(
            f"guide {guide.artifact_id} is not a data model; parse a JSON Schema, OpenAPI or "
            "'entities' YAML/JSON file (parsing_type 'data_model') and pass its parsed_file_id"
        )
    return [e for e in entities if isinstance(e, dict)]


def guide_fields(guide_id: str, entities: list[dict[str, Any]]) -> dict[str, list[ColumnInfo]]:
    """Each entity's fields as ColumnInfo (family from type, format, enum values)."""
    out: dict[str, list[ColumnInfo]] = {}
    for entity in entities:
        name = str(entity["name"])
        out[name] = [
            _field(guide_id, name, f) for f in entity.get("fields") or [] if isinstance(f, dict)
        ]
    return out


def _field(guide_id: str, entity: str, spec: dict[str, Any]) -> ColumnInfo:
    raw_type = str(spec.get("type") or "string").lower()
    fmt = _FORMATS.get(str(spec.get("format") or "").lower()) or _formats.by_name(str(spec["name"]))
    family = next((f for f, names in _FAMILIES.items() if raw_type in names), "text")
    if fmt == "date":
        family = "date"
    enum = spec.get("enum")
    values = frozenset(str(v) for v in enum) if isinstance(enum, list) and enum else None
    extra = {"required": bool(spec.get("required")), "type": raw_type, "enum": enum}
    return ColumnInfo(
        guide_id, entity, entity, str(spec["name"]), family, fmt, values=values, extra=extra
    )


def _interpret(
    table: _source.LoadedTable,
    columns: list[ColumnInfo],
    fields: dict[str, list[ColumnInfo]],
    meanings: Meanings,
    min_confidence: float,
) -> dict[str, Any]:
    ranked = []
    for entity, entity_fields in fields.items():
        mappings, _, rest = _matcher.match(columns, entity_fields, meanings, min_confidence)
        score = sum(m["confidence"] for m in mappings) / max(len(entity_fields), len(columns), 1)
        ranked.append((round(score, 6), entity, mappings, rest))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    score, entity, mappings, rest = ranked[0]
    checks = [_check(table.frame, m, fields[entity]) for m in mappings]
    mapped = {m["source_column"] for m in mappings}
    return {
        "table": table.name,
        "label": table.label,
        "entity": entity,
        "entity_score": score,
        "alternatives": [{"entity": e, "score": s} for s, e, *_ in ranked[1:4]],
        "field_mappings": [{**m, "checks": c} for m, c in zip(mappings, checks, strict=True)],
        "missing_required": [f.name for f in rest if f.extra.get("required")],
        "unmapped_fields": [f.name for f in rest],
        "unmapped_columns": [c.name for c in columns if c.name not in mapped],
        "conformance": _conformance(table.frame.height, checks),
    }


def _check(
    frame: pl.DataFrame, mapping: dict[str, Any], fields: list[ColumnInfo]
) -> dict[str, Any]:
    """Violations of one mapped field: type, required, format and enum."""
    spec = next(f for f in fields if f.name == mapping["target_column"])
    series = frame[mapping["source_column"]]
    values = series.drop_nulls()
    text = values.cast(pl.String).str.strip_chars()
    source_family = _columns.family(series.dtype)
    out: dict[str, Any] = {
        "type_ok": _columns.type_similarity(ColumnInfo("", "", "", "", source_family, None), spec)
        > 0,
        "missing_required": series.null_count() if spec.extra.get("required") else 0,
        "format_violations": 0,
        "enum_violations": 0,
        "examples": [],
    }
    if spec.fmt is not None and source_family == "text":
        bad = text.filter(~text.str.contains(_formats.CHECKS[spec.fmt]))
        out["format_violations"], out["examples"] = bad.len(), bad.head(3).to_list()
    if spec.values is not None:
        bad = text.filter(~text.is_in(list(spec.values)))
        out["enum_violations"] = bad.len()
        out["examples"] += bad.unique(maintain_order=True).head(3).to_list()
    return out


def _conformance(rows: int, checks: list[dict[str, Any]]) -> float:
    """1 - violating values / (rows x mapped fields); a wrong type counts every row.

    A table none of whose columns maps to the entity conforms not at all (0.0).
    """
    if not checks:
        return 0.0
    if rows == 0:
        return 1.0
    bad = sum(
        rows
        if not c["type_ok"]
        else c["missing_required"] + c["format_violations"] + c["enum_violations"]
        for c in checks
    )
    return round(max(0.0, 1 - bad / (rows * len(checks))), 6)


def _overall(readings: list[dict[str, Any]]) -> float:
    return round(sum(r["conformance"] for r in readings) / len(readings), 6) if readings else 0.0
