"""echo, list_artifacts, retrieve_artifact_metadata, archive_file and delete_file."""

from __future__ import annotations

from symphainy.capabilities.content._models import (
    ArtifactListResult,
    ArtifactMetadataResult,
    ArtifactRefParams,
    EchoParams,
    EchoResult,
    FileLifecycleResult,
    FileRefParams,
    ListArtifactsParams,
)
from symphainy.runtime import ExecutionContext


async def echo(ctx: ExecutionContext, p: EchoParams) -> EchoResult:
    """Send the message back (a round-trip check)."""
    return EchoResult(echo=p.message)


async def list_artifacts(ctx: ExecutionContext, p: ListArtifactsParams) -> ArtifactListResult:
    """Artifact metadata of the caller's tenant, newest first."""
    page = await ctx.artifacts.list(
        artifact_type=p.artifact_type,
        lifecycle_state=p.lifecycle_state,
        limit=p.limit,
        cursor=p.cursor,
    )
    return ArtifactListResult(
        artifacts=[a.model_dump(mode="json") for a in page.artifacts],
        total=page.total,
        next_cursor=page.next_cursor,
    )


async def retrieve_artifact_metadata(
    ctx: ExecutionContext, p: ArtifactRefParams
) -> ArtifactMetadataResult:
    """One artifact's metadata with its direct lineage."""
    art = await ctx.artifacts.resolve(p.artifact_id, p.artifact_type)
    lineage = await ctx.artifacts.lineage(p.artifact_id)
    return ArtifactMetadataResult(
        artifact=art.model_dump(mode="json"), parents=lineage.parents, children=lineage.children
    )


async def archive_file(ctx: ExecutionContext, p: FileRefParams) -> FileLifecycleResult:
    """Soft delete: READY → ARCHIVED (bytes kept)."""
    await ctx.artifacts.resolve(p.file_id, "file")
    art = await ctx.artifacts.transition(p.file_id, "ARCHIVED")
    await ctx.wal.append("file_archived", {"file_id": p.file_id, "reason": p.reason})
    return FileLifecycleResult(file_id=p.file_id, lifecycle_state=art.lifecycle_state)


async def delete_file(ctx: ExecutionContext, p: FileRefParams) -> FileLifecycleResult:
    """Hard delete: remove the bytes of the file and of every artifact derived from it.

    The artifact records move to DELETED and the WAL keeps their history.
    """
    await ctx.artifacts.resolve(p.file_id, "file")
    lineage = await ctx.artifacts.lineage(p.file_id)
    removed = 0
    for art in [*reversed(lineage.descendants), await ctx.artifacts.resolve(p.file_id)]:
        if art.lifecycle_state == "DELETED":
            continue
        removed += await ctx.artifacts.delete_content(art.artifact_id)
        await ctx.artifacts.transition(art.artifact_id, "DELETED")
    await ctx.wal.append(
        "file_deleted", {"file_id": p.file_id, "reason": p.reason, "removed_blobs": removed}
    )
    return FileLifecycleResult(file_id=p.file_id, lifecycle_state="DELETED", removed_blobs=removed)
