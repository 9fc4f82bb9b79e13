"""Inputs of the insights intents: parsed tables as polars frames, documents, embeddings.

Parsed tables are read through the runtime (`ctx.artifacts.tables/read_table`), so a table's
Parquet blob is the one source of truth. Tables longer than MAX_ROWS are analysed on their
first MAX_ROWS rows, and every report says how many rows it looked at.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from symphainy.capabilities.content import Passage, document_passages, parsed_document
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext, StoredTable

MAX_ROWS: Final = 1_000_000
MAX_ARTIFACTS: Final = 200
_BLOB_NAME: Final = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True, slots=True)
class LoadedTable:
    """A parsed table in memory (at most MAX_ROWS rows of it)."""

    parsed_file_id: str
    name: str
    frame: pl.DataFrame
    row_count: int
    label: str
    """What people call the table: its sheet name, or the stem of the uploaded file's name."""

    @property
    def truncated(self) -> bool:
        """True when the frame holds only the first MAX_ROWS rows."""
        return self.row_count > self.frame.height


async def ready(ctx: ExecutionContext, parsed_file_id: str) -> ArtifactView:
    """The caller's READY parsed_content artifact (ArtifactNotFound / IllegalTransition)."""
    return await ctx.artifacts.parsed(parsed_file_id)


async def load_tables(
    ctx: ExecutionContext, art: ArtifactView, only: str | None = None
) -> list[LoadedTable]:
    """The artifact's tables (or the one named `only`) read into polars frames."""
    refs = StoredTable.listed_in(art)
    if only is not None:
        refs = [r for r in refs if r.name == only]
        if not refs:
            names = [r.name for r in StoredTable.listed_in(art)]
            raise InvalidRequest(f"parsed content has no table {only!r}; tables: {names}")
    stem = await file_stem(ctx, art)
    loaded: list[LoadedTable] = []
    for ref in refs:
        frame = await ctx.artifacts.read_table(art.artifact_id, ref.name, max_rows=MAX_ROWS)
        label = stem if _BLOB_NAME.match(ref.name) and stem else ref.name
        rows = max(ref.row_count, frame.height)
        loaded.append(LoadedTable(art.artifact_id, ref.name, frame, rows, label))
    return loaded


async def file_stem(ctx: ExecutionContext, art: ArtifactView) -> str | None:
    """The stem of the name the parsed file was uploaded under (`customers.csv` → `customers`)."""
    for parent in art.parent_artifacts:
        source = await ctx.artifacts.resolve(parent)
        if source.artifact_type == "file":
            name = str(source.semantic_descriptor.get("ui_name") or "")
            return PurePath(name).stem or None
    return None


async def require_tables(
    ctx: ExecutionContext, art: ArtifactView, only: str | None = None
) -> list[LoadedTable]:
    """Like `load_tables`, but a parsed file without tables is a bad request."""
    tables = await load_tables(ctx, art, only)
    if not tables:
        raise InvalidRequest(
            f"parsed content {art.artifact_id} has no tables "
            f"(parser {art.semantic_descriptor.get('parser')!r}); this intent needs tabular data"
        )
    return tables


async def passages(ctx: ExecutionContext, art: ArtifactView) -> list[Passage]:
    """The parsed document's text in reading order (empty when it has none)."""
    doc = await parsed_document(ctx, art)
    return document_passages(doc) if doc is not None else []


def key_values(value: Any, section: str | None = None) -> list[Passage]:
    """`key: value` lines for the scalar leaves of a parsed JSON/YAML document.

    Text passages of such a document lose the keys; extraction rules look for labels.
    """
    if isinstance(value, dict):
        out: list[Passage] = []
        for key, item in value.items():
            if isinstance(item, dict | list):
                out += key_values(item, str(key))
            elif item is not None:
                out.append(Passage(section, f"{key}: {item}"))
        return out
    if isinstance(value, list):
        return [p for item in value for p in key_values(item, section)]
    return []


async def document(ctx: ExecutionContext, art: ArtifactView) -> Any:
    """The parsed document itself, or None."""
    return await parsed_document(ctx, art)


async def ready_of_type(ctx: ExecutionContext, artifact_type: str) -> list[ArtifactView]:
    """The caller's READY artifacts of one type, newest first, at most MAX_ARTIFACTS."""
    page = await ctx.artifacts.list(
        artifact_type=artifact_type, lifecycle_state="READY", limit=MAX_ARTIFACTS
    )
    return page.artifacts


async def embeddings_of(
    ctx: ExecutionContext, parsed_file_id: str, embedding_id: str | None = None
) -> ArtifactView | None:
    """The embeddings artifact named, or the newest READY one made from `parsed_file_id`."""
    if embedding_id is not None:
        art = await ctx.artifacts.resolve(embedding_id, "embeddings")
        if art.semantic_descriptor.get("parsed_file_id") != parsed_file_id:
            raise InvalidRequest(f"embeddings {embedding_id} were not made from {parsed_file_id}")
        return art
    for art in await ready_of_type(ctx, "embeddings"):
        if art.semantic_descriptor.get("parsed_file_id") == parsed_file_id:
            return art
    return None


async def deterministic_of(
    ctx: ExecutionContext, parsed_file_id: str, embedding_id: str
) -> ArtifactView:
    """A deterministic embedding, checked to be of `parsed_file_id`."""
    det = await ctx.artifacts.resolve(embedding_id, "deterministic_embeddings")
    if det.semantic_descriptor.get("parsed_file_id") != parsed_file_id:
        raise InvalidRequest(
            f"deterministic embedding {embedding_id} was not made from {parsed_file_id}"
        )
    return det


async def column_vectors(
    ctx: ExecutionContext, art: ArtifactView
) -> dict[tuple[str, str, str], NDArray[np.float32]]:
    """(table, column, kind) → unit vector, for the column items of an embeddings artifact."""
    path = next(
        (
            ctx.artifacts.local_path(m.uri)
            for m in art.materializations
            if m.storage_type == "blob" and m.format == "parquet"
        ),
        None,
    )
    return {} if path is None else await asyncio.to_thread(_column_vectors, path)


def _column_vectors(path: Path) -> dict[tuple[str, str, str], NDArray[np.float32]]:
    frame = pl.read_parquet(path, columns=["kind", "table", "column", "vector"]).filter(
        pl.col("column").is_not_null()
    )
    matrix = frame["vector"].to_numpy()
    keys = zip(frame["table"], frame["column"], frame["kind"], strict=True)
    return {(str(t), str(c), str(k)): matrix[i] for i, (t, c, k) in enumerate(keys)}
