"""Reading a parsed_content artifact back, through the runtime's `ctx.artifacts` facets.

The layout (one Parquet blob per table, the document as JSON) is read by the runtime
(`ctx.artifacts.parsed/read_table/read_json`, `StoredTable.listed_in`); this module only adds
the local paths the content intents stream Parquet from and the document size bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from symphainy.contracts import ArtifactView
from symphainy.runtime import ExecutionContext, StoredTable

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
    return await ctx.artifacts.parsed(parsed_file_id)


def tables(ctx: ExecutionContext, art: ArtifactView) -> list[TableRef]:
    """The artifact's tables, with local paths of their Parquet blobs."""
    return [
        TableRef(
            name=t.name,
            columns=list(t.columns),
            dtypes=list(t.dtypes),
            row_count=t.row_count,
            path=ctx.artifacts.local_path(t.uri) if t.uri else None,
        )
        for t in StoredTable.listed_in(art)
    ]


async def document(ctx: ExecutionContext, art: ArtifactView) -> Any:
    """The parsed document (JSON), or None when the parser produced only tables."""
    mat = next(
        (m for m in art.materializations if m.storage_type == "blob" and m.format == "json"), None
    )
    if mat is None or (mat.size or 0) > MAX_DOCUMENT_BYTES:
        return None
    return await ctx.artifacts.read_json(art.artifact_id)
