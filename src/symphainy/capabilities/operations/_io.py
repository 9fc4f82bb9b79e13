"""Reading the artifacts operations work on, and registering the ones they produce."""

from __future__ import annotations

import re
from dataclasses import dataclass

from symphainy.capabilities.operations._graph import WorkflowGraph, workflow_graph
from symphainy.capabilities.operations._models import SopDocument
from symphainy.capabilities.operations._sop_text import sop_from_document
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext
from symphainy.types import JSONObject, JSONValue

MAX_TABLE_ROWS = 500
SOP_KINDS = frozenset({"docx", "markdown", "text", "pdf", "html"})


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
        content = await ctx.artifacts.read_json(art.artifact_id)
        document = content.get("bpmn_document") if isinstance(content, dict) else None
    elif art.artifact_type == "parsed_content" and _kind(art) == "bpmn":
        document = await ctx.artifacts.read_json(art.artifact_id)
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
        content = await ctx.artifacts.read_json(art.artifact_id)
        return art, SopDocument.model_validate(content), "sop"
    if art.artifact_type == "parsed_content" and _kind(art) in SOP_KINDS:
        tables = await _table_rows(ctx, art)
        document = await ctx.artifacts.read_json(art.artifact_id)
        markdown = _kind(art) == "markdown"
        return art, sop_from_document(document, tables=tables, markdown=markdown), "parsed_sop"
    raise InvalidRequest(
        f"artifact {sop_id} is a {art.artifact_type} ({_kind(art)}); expected an sop or a parsed"
        f" document ({', '.join(sorted(SOP_KINDS))})",
        artifact_type=art.artifact_type,
    )


async def _table_rows(
    ctx: ExecutionContext, art: ArtifactView
) -> dict[str, list[dict[str, JSONValue]]]:
    """The rows of a parsed document's tables (procedure tables are small), by table name."""
    found: dict[str, list[dict[str, JSONValue]]] = {}
    for table in await ctx.artifacts.tables(art.artifact_id):
        frame = await ctx.artifacts.read_table(art.artifact_id, table.name, max_rows=MAX_TABLE_ROWS)
        found[table.name] = frame.to_dicts()
    return found


def _kind(art: ArtifactView) -> str | None:
    kind = art.semantic_descriptor.get("content_kind")
    return kind if isinstance(kind, str) else None
