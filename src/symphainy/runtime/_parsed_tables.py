"""Parsed tables: the Parquet blobs a `parsed_content` artifact lists, read as polars frames.

The content capability's parse intent stores each table it finds as one Parquet blob and
describes it under the artifact's `semantic_descriptor["schema"]["tables"]` (name, columns,
dtypes, row_count, uri). This module is the one reader of that layout, so any capability can
use parsed content through `ctx.artifacts` without knowing it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symphainy.contracts import ArtifactView
from symphainy.errors import IllegalTransition, NotFound

if TYPE_CHECKING:
    import polars as pl

PARSED_CONTENT = "parsed_content"


@dataclass(frozen=True, slots=True)
class StoredTable:
    """One table of a parsed file as parse_content stored it (the parser's ParsedTable, kept)."""

    name: str
    columns: tuple[str, ...]
    dtypes: tuple[str, ...]
    row_count: int
    uri: str | None
    """The table's Parquet blob (None for a table without rows the parser did not store)."""

    @staticmethod
    def listed_in(art: ArtifactView) -> list[StoredTable]:
        """The tables a (resolved) parsed_content artifact lists, in the parser's order."""
        return parsed_tables(art)


def require_ready(art: ArtifactView) -> ArtifactView:
    """`art` if it is READY; IllegalTransition otherwise (parsing still running or failed)."""
    if art.lifecycle_state != "READY":
        raise IllegalTransition(
            f"parsed content {art.artifact_id} is {art.lifecycle_state}",
            current_state=art.lifecycle_state,
        )
    return art


def parsed_tables(art: ArtifactView) -> list[StoredTable]:
    """The tables a parsed_content artifact lists, in the parser's order."""
    schema: dict[str, Any] = art.semantic_descriptor.get("schema") or {}
    return [
        StoredTable(
            name=str(t["name"]),
            columns=tuple(t.get("columns") or ()),
            dtypes=tuple(t.get("dtypes") or ()),
            row_count=int(t.get("row_count") or 0),
            uri=t.get("uri") or None,
        )
        for t in schema.get("tables") or []
    ]


def pick_table(art: ArtifactView, name: str | None) -> StoredTable:
    """The table called `name` (the first one when None), or NotFound naming the tables."""
    tables = parsed_tables(art)
    found = next((t for t in tables if name is None or t.name == name), None)
    if found is None:
        names = [t.name for t in tables]
        what = "no tables" if name is None else f"no table {name!r}"
        raise NotFound(f"parsed content {art.artifact_id} has {what}", tables=names)
    return found


async def read_frame(path: Path | None, table: StoredTable, max_rows: int | None) -> pl.DataFrame:
    """The table as a polars frame (its first `max_rows` rows when given)."""
    import polars as pl

    if path is None:
        return pl.DataFrame({c: pl.Series([], dtype=pl.String) for c in table.columns})
    scan = pl.scan_parquet(path)
    return await asyncio.to_thread((scan if max_rows is None else scan.head(max_rows)).collect)
