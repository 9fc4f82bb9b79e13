"""create_workflow: BPMN 2.0 XML from an SOP, a parsed BPMN file, or a described process."""

from __future__ import annotations

from symphainy.capabilities.operations._bpmn_build import normalized, sop_to_bpmn
from symphainy.capabilities.operations._diagram import with_diagram
from symphainy.capabilities.operations._graph import WorkflowGraph, workflow_graph
from symphainy.capabilities.operations._io import (
    file_stem,
    load_sop,
    load_workflow,
)
from symphainy.capabilities.operations._models import (
    CreateWorkflowParams,
    CreateWorkflowResult,
    SopDocument,
    TaskRef,
)
from symphainy.capabilities.operations._sop_text import build_sop, description_lines
from symphainy.errors import InvalidRequest
from symphainy.parsers.bpmn_parser import bpmn_document
from symphainy.parsers.bpmn_writer import write_bpmn
from symphainy.runtime import ExecutionContext
from symphainy.types import JSONObject, JSONValue


async def create_workflow(ctx: ExecutionContext, p: CreateWorkflowParams) -> CreateWorkflowResult:
    """Build (or normalise) the workflow, check it parses back, and register it."""
    sources = [p.sop_id, p.parsed_file_id, p.workflow_description, p.steps]
    if sum(s is not None for s in sources) != 1:
        raise InvalidRequest(
            "give exactly one of sop_id, parsed_file_id, workflow_description, steps"
        )
    if p.parsed_file_id is not None:
        loaded = await load_workflow(ctx, p.parsed_file_id)
        if loaded.artifact.artifact_type != "parsed_content":
            raise InvalidRequest("parsed_file_id must name parsed content; use sop_id for SOPs")
        name = p.workflow_name or loaded.graph.name
        _rename(loaded.document, name)
        return await _register(
            ctx, loaded.document, None, "parsed_bpmn", loaded.artifact.artifact_id
        )
    sop, source, parent = await _sop(ctx, p)
    if p.workflow_name:
        sop = sop.model_copy(update={"title": p.workflow_name})
    return await _register(ctx, sop_to_bpmn(sop), sop, source, parent)


async def _sop(
    ctx: ExecutionContext, p: CreateWorkflowParams
) -> tuple[SopDocument, str, str | None]:
    if p.sop_id is not None:
        art, sop, kind = await load_sop(ctx, p.sop_id)
        return normalized(sop), kind, art.artifact_id
    title = p.workflow_name or "Described process"
    if p.steps is not None:
        return normalized(SopDocument(title=title, steps=p.steps)), "steps", None
    lines = description_lines(p.workflow_description or "")
    return normalized(build_sop(title, lines)), "description", None


def _rename(document: JSONObject, name: str) -> None:
    processes = document.get("processes")
    if isinstance(processes, list) and processes and isinstance(processes[0], dict):
        processes[0]["name"] = name


async def _register(
    ctx: ExecutionContext,
    document: JSONObject,
    sop: SopDocument | None,
    source: str,
    parent: str | None,
) -> CreateWorkflowResult:
    xml = with_diagram(write_bpmn(document), document)
    # The stored document is the one our parser reads out of the XML we store, so whatever
    # reads the workflow later sees exactly what a BPMN tool opening the file would see.
    parsed = bpmn_document(xml)
    graph = workflow_graph(parsed)
    unattached = [e for e in (sop.exceptions if sop else []) if e.step is None]
    content: JSONObject = {
        "bpmn_document": parsed,
        "sop": sop.model_dump(mode="json") if sop else None,
        "source": source,
    }
    xml_mat = await ctx.artifacts.store_bytes(xml.encode(), "bpmn")
    tasks = _tasks(graph)
    art = await ctx.artifacts.put_json(
        "workflow",
        content,
        parents=[parent] if parent else [],
        descriptor={
            "workflow_name": graph.name,
            "filename": f"{file_stem(graph.name)}.bpmn",
            "source": source,
            "process_ids": list[JSONValue](graph.process_ids),
            "task_count": len(tasks),
            "roles": list[JSONValue](list(dict.fromkeys(graph.lanes))),
        },
        primary=[xml_mat],
    )
    return CreateWorkflowResult(
        workflow_artifact_id=art.artifact_id,
        workflow_name=graph.name,
        source=source,
        source_artifact_id=parent,
        process_id=graph.process_ids[0],
        task_count=len(tasks),
        tasks=tasks,
        roles=list(dict.fromkeys(graph.lanes)),
        unattached_exceptions=unattached,
        bpmn_xml=xml,
    )


def _tasks(graph: WorkflowGraph) -> list[TaskRef]:
    return [
        TaskRef(task_id=t.node_id, name=t.name, role=t.role, task_type=t.kind)
        for t in graph.tasks()
    ]
