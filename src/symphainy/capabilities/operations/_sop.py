"""generate_sop: the SOP of a workflow, stored as JSON, Markdown and DOCX."""

from __future__ import annotations

import asyncio

from symphainy.capabilities.operations._derive import sop_from_graph
from symphainy.capabilities.operations._io import (
    file_stem,
    load_workflow,
)
from symphainy.capabilities.operations._models import (
    GenerateSopParams,
    SopDocument,
    SopResult,
)
from symphainy.capabilities.operations._narrative import narrate
from symphainy.capabilities.operations._sop_render import sop_docx, sop_markdown
from symphainy.contracts import ArtifactView
from symphainy.runtime import ExecutionContext


async def generate_sop(ctx: ExecutionContext, p: GenerateSopParams) -> SopResult:
    """Derive the SOP from the workflow graph and register it with the workflow as parent."""
    loaded = await load_workflow(ctx, p.workflow_id)
    origin = await _origin_sop(ctx, loaded.artifact)
    purpose = p.purpose or (origin.purpose if origin else None)
    sop = sop_from_graph(loaded.graph, title=p.title, purpose=purpose)
    if origin is not None:
        # Exceptions that named no step have no place in BPMN; the workflow kept them.
        kept = [e for e in origin.exceptions if e.step is None]
        sop = sop.model_copy(update={"exceptions": [*sop.exceptions, *kept]})
    return await save_sop(ctx, sop, [loaded.artifact.artifact_id], "workflow")


async def _origin_sop(ctx: ExecutionContext, art: ArtifactView) -> SopDocument | None:
    """The SOP a workflow artifact was built from, if it was built from one."""
    if art.artifact_type != "workflow":
        return None
    content = await ctx.artifacts.read_json(art.artifact_id)
    stored = content.get("sop") if isinstance(content, dict) else None
    return SopDocument.model_validate(stored) if stored else None


async def save_sop(
    ctx: ExecutionContext, sop: SopDocument, parents: list[str], origin: str
) -> SopResult:
    """Register an sop artifact (JSON, Markdown, DOCX renderings) and describe it."""
    markdown = sop_markdown(sop)
    docx_bytes = await asyncio.to_thread(sop_docx, sop)
    primary = [
        await ctx.artifacts.store_bytes(docx_bytes, "docx"),
        await ctx.artifacts.store_bytes(markdown.encode(), "markdown"),
    ]
    art = await ctx.artifacts.put_json(
        "sop",
        sop.model_dump(mode="json"),
        parents=parents,
        descriptor={
            "title": sop.title,
            "filename": f"{file_stem(sop.title)}.docx",
            "origin": origin,
            "step_count": len(sop.steps),
            "roles": list(sop.roles),
            "exception_count": len(sop.exceptions),
        },
        primary=primary,
    )
    narrative, status = await narrate(ctx, "sop_overview", sop=markdown)
    return SopResult(
        sop_id=art.artifact_id,
        sop=sop,
        markdown=markdown,
        source_artifact_id=parents[0] if parents else None,
        narrative=narrative,
        narrative_status=status,
    )
