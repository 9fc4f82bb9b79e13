"""parse_content and get_parsed_file: the saved file through the right parser, and back."""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import json
from pathlib import Path
from typing import Any

from symphainy.capabilities.content._ingest import default_parsing
from symphainy.capabilities.content._models import (
    GetParsedFileParams,
    GetParsedFileResult,
    ParseContentParams,
    ParseContentResult,
)
from symphainy.contracts import ArtifactView, Materialization
from symphainy.errors import IllegalTransition, InvalidRequest
from symphainy.parsers import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers._limits import ParserSettings
from symphainy.runtime import ExecutionContext

PREVIEW_SECTIONS = 5
PREVIEW_CHARS = 4000


async def parse_content(ctx: ExecutionContext, p: ParseContentParams) -> ParseContentResult:
    """Resume the file's pending parse, parse it, and register a parsed_content artifact."""
    file = await ctx.artifacts.resolve(p.file_id, "file")
    if file.lifecycle_state != "READY":
        raise IllegalTransition(
            f"file {p.file_id} is {file.lifecycle_state}; save it first",
            current_state=file.lifecycle_state,
        )
    pending = await _claim_pending(ctx, file.artifact_id)
    try:
        result = await _parse_and_register(ctx, p, file, pending)
    except BaseException:
        if pending is not None:
            await ctx.pending.move(pending, "pending")
        raise
    if pending is not None:
        await ctx.pending.move(pending, "completed", ctx.execution_id)
    return result


async def _claim_pending(ctx: ExecutionContext, file_id: str) -> str | None:
    page = await ctx.pending.list(
        target_artifact_id=file_id, intent_type="parse_content", status="pending"
    )
    if not page.intents:
        return None
    claimed = await ctx.pending.move(page.intents[0].intent_id, "claimed", ctx.execution_id)
    return claimed.intent_id


async def _parse_and_register(
    ctx: ExecutionContext, p: ParseContentParams, file: ArtifactView, pending: str | None
) -> ParseContentResult:
    parsing_type = (
        p.parsing_type
        or await _suggested_type(ctx, pending)
        or default_parsing(file.semantic_descriptor)
    )
    options, parents = await _options(ctx, p, file)
    path = ctx.artifacts.local_path(_blob(file).uri)
    settings = ParserSettings.from_settings(ctx.settings)
    await ctx.emit(message="parsing", percent=10, parsing_type=parsing_type)
    with ctx.artifacts.scratch_dir("parse-") as out:
        outcome = await asyncio.to_thread(
            _run_parser, path, Path(out), parsing_type, options, settings
        )
        await ctx.emit(message="storing parsed content", percent=80)
        mats, tables = await _store_outputs(ctx, outcome)
    preview = _preview(outcome)
    descriptor = {
        "parser": outcome.parser,
        "content_kind": outcome.content_kind,
        "parsing_type": parsing_type,
        "record_count": outcome.record_count,
        "schema": {"tables": tables},
        "preview": preview,
        "metadata": outcome.metadata,
    }
    art = await ctx.artifacts.register(
        "parsed_content",
        parents=parents,
        descriptor=descriptor,
        materializations=mats,
        lifecycle_state="READY",
    )
    return ParseContentResult(
        parsed_file_id=art.artifact_id,
        parser=outcome.parser,
        content_kind=outcome.content_kind,
        parsing_type=parsing_type,
        record_count=outcome.record_count,
        tables=tables,
        preview=preview,
    )


def _run_parser(
    path: Path,
    out: Path,
    parsing_type: str | None,
    options: dict[str, Any],
    settings: ParserSettings,
) -> ParseOutcome:
    from symphainy.parsers import parse_file

    return parse_file(path, out, parsing_type, options, settings)


async def _suggested_type(ctx: ExecutionContext, pending: str | None) -> str | None:
    if pending is None:
        return None
    intent = await ctx.pending.get(pending)
    value = intent.context.get("parsing_type")
    return value if isinstance(value, str) else None


async def _options(
    ctx: ExecutionContext, p: ParseContentParams, file: ArtifactView
) -> tuple[dict[str, Any], list[str]]:
    # Only the values the caller chose: the chosen parser applies its own defaults. Not
    # exclude_unset: parameters come back from the store fully dumped, every field "set", and
    # a parser may treat a given option differently from a default one (a code page that
    # contradicts `encoding`).
    options = p.parse_options.model_dump(exclude_defaults=True) if p.parse_options else {}
    parents = [file.artifact_id]
    if p.copybook is not None and p.copybook_file_id is not None:
        raise InvalidRequest("give copybook or copybook_file_id, not both")
    if p.copybook is not None:
        options["copybook"] = p.copybook
    elif p.copybook_file_id is not None:
        book = await ctx.artifacts.resolve(p.copybook_file_id, "file")
        raw = await asyncio.to_thread(ctx.artifacts.local_path(_blob(book).uri).read_bytes)
        options["copybook"] = raw.decode("utf-8", errors="strict")
        parents.append(book.artifact_id)
    return options, parents


def _blob(art: ArtifactView) -> Materialization:
    for mat in art.materializations:
        if mat.storage_type == "blob":
            return mat
    raise ParseError(f"artifact {art.artifact_id} has no stored bytes")


async def _store_outputs(
    ctx: ExecutionContext, outcome: ParseOutcome
) -> tuple[list[Materialization], list[dict[str, Any]]]:
    mats: list[Materialization] = []
    tables: list[dict[str, Any]] = []
    for table in outcome.tables:
        tables.append(_table_schema(table))
        if table.parquet_path is not None:
            # Moved, not copied: the output was built beside the blobs.
            mat = await ctx.artifacts.store_file(table.parquet_path, "parquet", consume=True)
            mats.append(mat)
            tables[-1]["uri"] = mat.uri
    if outcome.document is not None:
        data = json.dumps(outcome.document, default=jsonable).encode()
        mats.append(await ctx.artifacts.store_bytes(data, "json"))
    return mats, tables


def _table_schema(table: ParsedTable) -> dict[str, Any]:
    return {
        "name": table.name,
        "columns": list(table.columns),
        "dtypes": list(table.dtypes),
        "row_count": table.row_count,
    }


def _preview(outcome: ParseOutcome) -> Any:
    if outcome.tables:
        return {t.name: jsonable_rows(t.preview) for t in outcome.tables}
    doc = outcome.document or {}
    sections = doc.get("sections") if isinstance(doc, dict) else None
    if isinstance(sections, list):
        return {"sections": jsonable_rows(sections[:PREVIEW_SECTIONS])}
    text = json.dumps(doc, default=jsonable)
    return {"excerpt": text[:PREVIEW_CHARS], "truncated": len(text) > PREVIEW_CHARS}


def jsonable(value: Any) -> Any:
    """JSON for values parsers and Parquet produce (decimals stay exact as strings)."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def jsonable_rows(rows: list[Any]) -> list[Any]:
    """Rows made JSON-safe."""
    result: list[Any] = json.loads(json.dumps(rows, default=jsonable))
    return result


async def get_parsed_file(ctx: ExecutionContext, p: GetParsedFileParams) -> GetParsedFileResult:
    """A page of a parsed table's rows, or the parsed document."""
    art = await ctx.artifacts.resolve(p.parsed_file_id, "parsed_content")
    tables: list[dict[str, Any]] = art.semantic_descriptor.get("schema", {}).get("tables", [])
    if not tables:
        doc = await _document(ctx, art)
        return GetParsedFileResult(
            parsed_file_id=art.artifact_id,
            table=None,
            columns=[],
            rows=[],
            total_rows=0,
            offset=0,
            document=doc,
        )
    table = _pick(tables, p.table)
    path = ctx.artifacts.local_path(table["uri"])
    rows = await asyncio.to_thread(_read_rows, path, p.offset, p.limit)
    return GetParsedFileResult(
        parsed_file_id=art.artifact_id,
        table=table["name"],
        columns=table["columns"],
        rows=rows,
        total_rows=table["row_count"],
        offset=p.offset,
    )


def _pick(tables: list[dict[str, Any]], name: str | None) -> dict[str, Any]:
    if name is None:
        return tables[0]
    for table in tables:
        if table["name"] == name:
            return table
    raise InvalidRequest(f"no table {name!r}; tables: {[t['name'] for t in tables]}")


def _read_rows(path: Path, offset: int, limit: int) -> list[dict[str, Any]]:
    import polars as pl

    frame = pl.scan_parquet(path).slice(offset, limit).collect()
    return jsonable_rows(frame.to_dicts())


async def _document(ctx: ExecutionContext, art: ArtifactView) -> Any:
    _, chunks = await ctx.artifacts.open_content(art.artifact_id, "json")
    data = b"".join([c async for c in chunks])
    return json.loads(data)
