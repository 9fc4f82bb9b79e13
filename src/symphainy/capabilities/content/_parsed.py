"""Reading a parsed_content artifact back: its Parquet tables and its document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from symphainy.contracts import ArtifactView
from symphainy.errors import IllegalTransition
from symphainy.runtime import ExecutionContext

MAX_DOCUMENT_BYTES: Final = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TableRef:
    """One parsed table: its name, schema as the parser described it, and its Parquet file."""

    name: str
    columns: list[str]
    dtypes: list[str]
    row_count: int
    path: Path | None


async def ready_parsed(ctx: ExecutionContext, parsed_file_id: str) -> ArtifactView:
    """The tenant's parsed_content artifact, which must be READY."""
    art = await ctx.artifacts.resolve(parsed_file_id, "parsed_content")
    if art.lifecycle_state != "READY":
        raise IllegalTransition(
            f"parsed content {parsed_file_id} is {art.lifecycle_state}",
            current_state=art.lifecycle_state,
        )
    return art


def tables(ctx: ExecutionContext, art: ArtifactView) -> list[TableRef]:
    """The artifact's tables, with local paths of their Parquet blobs."""
    schema: dict[str, Any] = art.semantic_descriptor.get("schema") or {}
    refs: list[TableRef] = []
    for table in schema.get("tables") or []:
        uri = table.get("uri")
        refs.append(
            TableRef(
                name=str(table["name"]),
                columns=list(table.get("columns") or []),
                dtypes=list(table.get("dtypes") or []),
                row_count=int(table.get("row_count") or 0),
                path=ctx.artifacts.local_path(uri) if uri else None,
            )
        )
    return refs


async def document(ctx: ExecutionContext, art: ArtifactView) -> Any:
    """The parsed document (JSON), or None when the parser produced only tables."""
    mat = next(
        (m for m in art.materializations if m.storage_type == "blob" and m.format == "json"), None
    )
    if mat is None or (mat.size or 0) > MAX_DOCUMENT_BYTES:
        return None
    _, chunks = await ctx.artifacts.open_content(art.artifact_id, "json")
    data = b"".join([c async for c in chunks])
    return json.loads(data)
