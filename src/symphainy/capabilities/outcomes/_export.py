"""export_artifact: an artifact's JSON content as a JSON, YAML, Markdown, DOCX or PDF file."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from symphainy.capabilities.outcomes._models import ExportArtifactParams, ExportResult
from symphainy.capabilities.outcomes._outline import markdown, outline
from symphainy.capabilities.outcomes._render import docx_bytes, pdf_bytes
from symphainy.capabilities.outcomes._sources import Source, load
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

EXTENSIONS = {"json": "json", "yaml": "yaml", "markdown": "md", "docx": "docx", "pdf": "pdf"}
MEDIA_TYPES = {
    "json": "application/json",
    "yaml": "application/yaml",
    "markdown": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
TITLE_KEYS = ("title", "solution_name", "workflow_name")


def title_of(source: Source) -> str:
    """A document title: the content's or descriptor's own, else type and short id."""
    for bag in (source.content, source.artifact.semantic_descriptor):
        for key in TITLE_KEYS:
            if isinstance(bag.get(key), str) and bag[key]:
                kind = source.artifact_type.replace("_", " ")
                return bag[key] if key == "title" else f"{kind.capitalize()}: {bag[key]}"
    return f"{source.artifact_type.replace('_', ' ').capitalize()} {source.artifact_id[:8]}"


def render(fmt: str, title: str, content: dict[str, Any]) -> tuple[bytes, list[str]]:
    """The file's bytes, and notes on anything the format could not carry."""
    if fmt == "json":
        return json.dumps(content, ensure_ascii=False, indent=2).encode(), []
    if fmt == "yaml":
        import yaml

        text = yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
        return text.encode(), []
    doc = outline(title, content)
    if fmt == "markdown":
        return markdown(doc).encode(), []
    if fmt == "docx":
        return docx_bytes(doc), []
    pdf = pdf_bytes(doc)
    notes = [f"PDF font: {pdf.font}"]
    if pdf.replaced_characters:
        notes.append(f"{pdf.replaced_characters} characters outside Latin-1 were shown as '?'")
    return pdf.data, notes


async def export_artifact(ctx: ExecutionContext, p: ExportArtifactParams) -> ExportResult:
    """Render the artifact and register the file as an `export` artifact (its only blob)."""
    types = (p.artifact_type,) if p.artifact_type else ()
    source = await load(ctx, p.artifact_id, *types)
    if not source.content:
        raise InvalidRequest(
            f"artifact {p.artifact_id} ({source.artifact_type}) has no JSON content to export"
        )
    title = title_of(source)
    data, notes = await asyncio.to_thread(render, p.export_format, title, source.content)
    filename = f"{source.artifact_type}-{source.artifact_id[:8]}.{EXTENSIONS[p.export_format]}"
    mat = await ctx.artifacts.store_bytes(data, p.export_format)
    art = await ctx.artifacts.register(
        "export",
        parents=[source.artifact_id],
        descriptor={
            "filename": filename,
            "format": p.export_format,
            "title": title,
            "exported_type": source.artifact_type,
        },
        materializations=[mat],
        lifecycle_state="READY",
    )
    return ExportResult(
        export_id=art.artifact_id,
        artifact_id=source.artifact_id,
        export_format=p.export_format,
        filename=filename,
        media_type=MEDIA_TYPES[p.export_format],
        size=len(data),
        sha256=str(mat.sha256),
        download_path=f"/api/artifacts/{art.artifact_id}/content",
        notes=notes,
    )
