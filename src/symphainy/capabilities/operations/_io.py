"""Reading the artifacts operations work on, and registering the ones they produce."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from symphainy.capabilities.operations._graph import WorkflowGraph, workflow_graph
from symphainy.capabilities.operations._models import SopDocument
from symphainy.capabilities.operations._sop_text import sop_from_document
from symphainy.contracts import ArtifactView, Materialization
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext
from symphainy.types import JSONObject, JSONValue

MAX_TABLE_ROWS = 500
SOP_KINDS = frozenset({"docx", "markdown", "text", "pdf", "html"})


async def read_json(ctx: ExecutionContext, artifact: ArtifactView) -> JSONValue:
    """The artifact's JSON materialization, decoded."""
    _, chunks = await ctx.artifacts.open_content(artifact.artifact_id, "json")
    value: JSONValue = json.loads(b"".join([c async for c in chunks]))
    return value


async def register_json(
    ctx: ExecutionContext,
    artifact_type: str,
    content: object,
    *,
    parents: Sequence[str],
    descriptor: Mapping[str, object],
    primary: Sequence[Materialization] = (),
) -> ArtifactView:
    """Register a READY artifact whose content is stored as JSON.

    `primary` renderings are listed before the JSON: a download without a format (the
    Experience content route) serves the first one, e.g. the BPMN file of a workflow.
    """
    data = json.dumps(content, ensure_ascii=False, indent=2).encode()
    mats = [*primary, await ctx.artifacts.store_bytes(data, "json")]
    return await ctx.artifacts.register(
        artifact_type,
        parents=list(parents),
        descriptor=dict(descriptor),
        materializations=mats,
        lifecycle_state="READY",
    )


def file_stem(title: str) -> str:
    """A file name stem from a title: word characters joined by hyphens, at most 80."""
    words = re.findall(r"\w+", title.lower())
    return "-".join(words)[:80] or "untitled"


@dataclass(frozen=True, slots=True)
class LoadedWorkflow:
    """A workflow ready for analysis, and the artifact it came from."""

    artifact: ArtifactView
    document: JSONObject
    graph: WorkflowGraph


async def load_workflow(ctx: ExecutionContext, workflow_id: str) -> LoadedWorkflow:
    """A `workflow` artifact, or the parsed_content of a BPMN file, as a graph."""
    art = await ctx.artifacts.resolve(workflow_id)
    if art.artifact_type == "workflow":
        content = await read_json(ctx, art)
        document = content.get("bpmn_document") if isinstance(content, dict) else None
    elif art.artifact_type == "parsed_content" and _kind(art) == "bpmn":
        document = await read_json(ctx, art)
    else:
        raise InvalidRequest(
            f"artifact {workflow_id} is a {art.artifact_type} ({_kind(art)}); expected a workflow"
            " or a parsed BPMN file",
            artifact_type=art.artifact_type,
        )
    if not isinstance(document, dict):
        raise InvalidRequest(f"artifact {workflow_id} holds no BPMN process document")
    return LoadedWorkflow(art, document, workflow_graph(document))


async def load_sop(ctx: ExecutionContext, sop_id: str) -> tuple[ArtifactView, SopDocument, str]:
    """An `sop` artifact, or a parsed SOP document (docx, Markdown, text…); with its kind."""
    art = await ctx.artifacts.resolve(sop_id)
    if art.artifact_type == "sop":
        content = await read_json(ctx, art)
        return art, SopDocument.model_validate(content), "sop"
    if art.artifact_type == "parsed_content" and _kind(art) in SOP_KINDS:
        tables = await _table_rows(ctx, art)
        return art, sop_from_document(await read_json(ctx, art), tables=tables), "parsed_sop"
    raise InvalidRequest(
        f"artifact {sop_id} is a {art.artifact_type} ({_kind(art)}); expected an sop or a parsed"
        f" document ({', '.join(sorted(SOP_KINDS))})",
        artifact_type=art.artifact_type,
    )


async def _table_rows(
    ctx: ExecutionContext, art: ArtifactView
) -> dict[str, list[dict[str, JSONValue]]]:
    """The rows of a parsed document's tables (procedure tables are small), by table name."""
    schema = art.semantic_descriptor.get("schema") or {}
    found: dict[str, list[dict[str, JSONValue]]] = {}
    for table in schema.get("tables", []) if isinstance(schema, dict) else []:
        if isinstance(table, dict) and isinstance(table.get("uri"), str):
            path = ctx.artifacts.local_path(table["uri"])
            found[str(table["name"])] = await asyncio.to_thread(_read_rows, path)
    return found


def _read_rows(path: Path) -> list[dict[str, JSONValue]]:
    import polars as pl

    rows: list[dict[str, JSONValue]] = pl.read_parquet(path, n_rows=MAX_TABLE_ROWS).to_dicts()
    return rows


def _kind(art: ArtifactView) -> str | None:
    kind = art.semantic_descriptor.get("content_kind")
    return kind if isinstance(kind, str) else None
