"""extract_structured_data: fields pulled out of a parsed file by a declarative config.

A table source (when any field's `column` rule names one of its columns) gives one record per
row; otherwise the document's text gives one record. Each value keeps its evidence: which rule
found it, in which section, and the text around it.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from symphainy.capabilities.insights import _extract_config, _narrate, _source
from symphainy.capabilities.insights import _extract_rules as rules
from symphainy.capabilities.insights._extract_config import ExtractionConfig
from symphainy.capabilities.insights._models_interpret import (
    ExtractStructuredDataParams,
    ExtractStructuredDataResult,
)
from symphainy.capabilities.insights._store import save_report
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "extraction_result"
MAX_RECORDS: Final = 10_000


async def extract_structured_data(
    ctx: ExecutionContext, p: ExtractStructuredDataParams
) -> ExtractStructuredDataResult:
    """Apply an extraction config to a parsed document or table.

    Raises:
        ArtifactNotFound: the source or the config file is not the caller's.
        InvalidRequest: unknown pattern, an invalid custom config, or a source with neither
            text nor a table the config can read.
    """
    source = await _source.ready(ctx, p.data_source)
    config, parents = await _config(ctx, p, source)
    tables = await _source.load_tables(ctx, source)
    table = next((t for t in tables if _columns_for(config, t.frame.columns)), None)
    if table is not None:
        kind, (records, evidence) = "table", from_table(config, table.frame)
    else:
        passages = await _document_passages(ctx, source)
        if not passages:
            raise InvalidRequest(
                f"{source.artifact_id} has no text and no table with the columns "
                f"{config.pattern_id} reads"
            )
        kind, (records, evidence) = "document", from_document(config, passages)
    body = _body(p, config, kind, records, evidence, table.row_count if table else 1)
    facts = {k: body[k] for k in ("records", "missing_required", "completeness")}
    body.update(await _narrate.narrate(ctx, f"{config.name} extraction", facts))
    summary = {
        "pattern": config.pattern_id,
        "records": len(records),
        "completeness": body["completeness"],
    }
    saved = await save_report(ctx, ARTIFACT_TYPE, body, parents=parents, summary=summary)
    return ExtractStructuredDataResult(report_id=saved.report_id, charts=saved.charts, **body)


async def _config(
    ctx: ExecutionContext, p: ExtractStructuredDataParams, source: ArtifactView
) -> tuple[ExtractionConfig, list[str]]:
    if p.extraction_config_id is None:
        return _extract_config.shipped(p.pattern), [source.artifact_id]
    art = await _source.ready(ctx, p.extraction_config_id)
    config = _extract_config.custom(await _source.document(ctx, art), art.artifact_id)
    if config.pattern_id != p.pattern:
        raise InvalidRequest(
            f"config {art.artifact_id} is for pattern {config.pattern_id!r}, not {p.pattern!r}"
        )
    return config, [source.artifact_id, art.artifact_id]


async def _document_passages(ctx: ExecutionContext, source: ArtifactView) -> list[Any]:
    """Text passages; for a JSON/YAML document also its `key: value` leaves (labels to find)."""
    doc = await _source.document(ctx, source)
    prose = isinstance(doc, dict) and any(k in doc for k in ("sections", "pages", "text"))
    extra = [] if prose else _source.key_values(doc)
    return await _source.passages(ctx, source) + extra


def _columns_for(config: ExtractionConfig, columns: list[str]) -> dict[str, str]:
    found = {spec.name: rules.column_for(spec, columns) for spec in config.fields}
    return {name: column for name, column in found.items() if column is not None}


def from_document(
    config: ExtractionConfig, passages: list[Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One record from the text; evidence per field found."""
    record: dict[str, Any] = {}
    evidence: list[dict[str, Any]] = []
    labels = [label for f in config.fields for r in f.rules for label in r.labels]
    for spec in config.fields:
        found = rules.in_document(spec, passages, labels)
        value, note = rules.convert(spec.type, found.raw if found else None)
        record[spec.name] = value
        if found is not None:
            evidence.append(
                {
                    "field": spec.name,
                    "rule": found.rule,
                    "section": found.section,
                    "snippet": found.snippet,
                    "note": note,
                }
            )
    return [record], evidence


def from_table(
    config: ExtractionConfig, frame: pl.DataFrame
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One record per row (at most MAX_RECORDS); evidence per field read from a column."""
    columns = _columns_for(config, frame.columns)
    rows = frame.head(MAX_RECORDS).select(list(dict.fromkeys(columns.values()))).to_dicts()
    records = []
    notes: dict[str, int] = {}
    for row in rows:
        record: dict[str, Any] = {}
        for spec in config.fields:
            raw = row.get(columns[spec.name]) if spec.name in columns else None
            record[spec.name], note = rules.convert(spec.type, raw)
            if note is not None:
                notes[spec.name] = notes.get(spec.name, 0) + 1
        records.append(record)
    evidence = [
        {"field": f, "rule": "column", "column": c, "unreadable_values": notes.get(f, 0)}
        for f, c in columns.items()
    ]
    return records, evidence


def _body(
    p: ExtractStructuredDataParams,
    config: ExtractionConfig,
    kind: str,
    records: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    total: int,
) -> dict[str, Any]:
    filled = sum(1 for r in records for v in r.values() if v not in (None, [], ""))
    cells = len(records) * len(config.fields)
    required = [f.name for f in config.fields if f.required]
    missing = [name for name in required if any(r.get(name) in (None, [], "") for r in records)]
    return {
        "data_source": p.data_source,
        "pattern": config.pattern_id,
        "config": config.model_dump(),
        "source_kind": kind,
        "records": records,
        "evidence": evidence,
        "missing_required": missing,
        "completeness": round(filled / cells, 6) if cells else 0.0,
        "truncated": total > len(records) and kind == "table",
    }
