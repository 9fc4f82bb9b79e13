"""ArtifactRegistry: results with lifecycle, lineage and materializations (bytes in a BlobStore)."""

from __future__ import annotations

import asyncio
import builtins
import json
import tempfile
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symphainy.contracts import ArtifactPage, ArtifactView, Lineage, Materialization
from symphainy.errors import ArtifactNotFound, ArtifactTypeMismatch, InvalidRequest
from symphainy.runtime._paging import Key, page
from symphainy.runtime._parsed_tables import (
    PARSED_CONTENT,
    StoredTable,
    parsed_tables,
    pick_table,
    read_frame,
    require_ready,
)
from symphainy.runtime._views import artifact_view
from symphainy.store import (
    ARTIFACT_TRANSITIONS,
    ArtifactRow,
    BlobInfo,
    BlobStore,
    NewArtifact,
    Store,
    dumps,
)
from symphainy.types import JSONValue

if TYPE_CHECKING:
    import polars as pl

MAX_LINEAGE_NODES = 500


class ArtifactRegistry:
    """Registers, resolves, lists and transitions artifacts; every call names its tenant."""

    def __init__(self, store: Store, blobs: BlobStore) -> None:
        self._store = store
        self.blobs = blobs

    async def register(
        self,
        tenant_id: str,
        artifact_type: str,
        *,
        parents: Sequence[str] = (),
        descriptor: dict[str, Any] | None = None,
        materializations: Sequence[Materialization] = (),
        lifecycle_state: str = "PENDING",
        produced_by_intent: str | None = None,
        produced_by_execution: str | None = None,
        session_id: str | None = None,
    ) -> ArtifactView:
        """Register an artifact; parents must exist in the same tenant."""
        if lifecycle_state not in ARTIFACT_TRANSITIONS:
            raise InvalidRequest(f"unknown lifecycle state {lifecycle_state!r}")
        new = NewArtifact(
            artifact_id=uuid.uuid4().hex,
            tenant_id=tenant_id,
            artifact_type=artifact_type,
            lifecycle_state=lifecycle_state,
            semantic_descriptor=dumps(descriptor or {}),
            materializations=dumps([m.model_dump() for m in materializations]),
            parents=tuple(dict.fromkeys(parents)),
            produced_by_intent=produced_by_intent,
            produced_by_execution=produced_by_execution,
            session_id=session_id,
        )
        row = await self._store.write(lambda tx: self._store.records.register_artifact(tx, new))
        return artifact_view(row, list(new.parents))

    async def resolve(
        self, tenant_id: str, artifact_id: str, artifact_type: str | None = None
    ) -> ArtifactView:
        """The artifact; ArtifactNotFound, or ArtifactTypeMismatch naming the type it has.

        Only the tenant's own artifacts are looked at, so another tenant's stays not-found.
        """
        row = await self._store.get_artifact(tenant_id, artifact_id)
        if row is None:
            raise ArtifactNotFound(f"artifact {artifact_id} not found")
        if artifact_type is not None and row.artifact_type != artifact_type:
            raise ArtifactTypeMismatch(
                f"artifact {artifact_id} is a {row.artifact_type}, not a {artifact_type}",
                artifact_id=artifact_id,
                artifact_type=row.artifact_type,
                expected_type=artifact_type,
            )
        parents, _ = await self._store.lineage(tenant_id, artifact_id)
        return artifact_view(row, parents)

    async def list(
        self,
        tenant_id: str,
        *,
        artifact_type: str | None = None,
        lifecycle_state: str | None = None,
        execution_id: str | None = None,
        session_id: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
        **search: Any,
    ) -> ArtifactPage:
        """A page of artifacts matching the filters, newest first, after `cursor`.

        `search`: the filters of `runtime._search.artifact_filters` (times as epoch seconds).
        """

        async def fetch(after: Key | None, n: int) -> tuple[list[ArtifactRow], int]:
            return await self._store.list_artifacts(
                tenant_id,
                artifact_type=artifact_type,
                lifecycle_state=lifecycle_state,
                execution_id=execution_id,
                session_id=session_id,
                limit=n,
                after=after,
                **search,
            )

        got = await page("artifact", fetch, lambda r: r.artifact_id, limit=limit, cursor=cursor)
        parents = await self._store.parents_of(tenant_id, [r.artifact_id for r in got.rows])
        views = [artifact_view(r, parents[r.artifact_id]) for r in got.rows]
        return ArtifactPage(
            artifacts=views, total=got.total, limit=limit, next_cursor=got.next_cursor
        )

    async def transition(self, tenant_id: str, artifact_id: str, to_state: str) -> ArtifactView:
        """Move along the lifecycle; illegal moves raise IllegalTransition."""
        if to_state not in ARTIFACT_TRANSITIONS:
            raise InvalidRequest(f"unknown lifecycle state {to_state!r}")
        await self._store.write(
            lambda tx: self._store.records.update_artifact(
                tx, tenant_id, artifact_id, to_state=to_state
            )
        )
        return await self.resolve(tenant_id, artifact_id)

    async def update(
        self,
        tenant_id: str,
        artifact_id: str,
        *,
        descriptor: dict[str, Any] | None = None,
        materializations: Sequence[Materialization] | None = None,
    ) -> ArtifactView:
        """Replace the descriptor and/or the materializations."""
        desc = None if descriptor is None else dumps(descriptor)
        mats = (
            None if materializations is None else dumps([m.model_dump() for m in materializations])
        )
        await self._store.write(
            lambda tx: self._store.records.update_artifact(
                tx, tenant_id, artifact_id, descriptor=desc, materializations=mats
            )
        )
        return await self.resolve(tenant_id, artifact_id)

    async def store_bytes(self, tenant_id: str, data: bytes, fmt: str) -> Materialization:
        """Put bytes in the blob store; return the materialization to attach."""
        info = await self.blobs.put_bytes(tenant_id, data)
        return Materialization(
            storage_type="blob", uri=info.uri, format=fmt, size=info.size, sha256=info.sha256
        )

    async def store_file(
        self, tenant_id: str, path: Path, fmt: str, *, consume: bool = False
    ) -> Materialization:
        """Put a local file in the blob store; return the materialization to attach.

        With `consume` the file is handed over (moved when the store can adopt it, e.g. a
        file built under `blobs.scratch_root()`), which spares copying large outputs.
        """
        if consume:
            info = await self.blobs.put_file(tenant_id, path)
        else:
            info = await self.blobs.put_stream(tenant_id, _file_chunks(path))
        return Materialization(
            storage_type="blob", uri=info.uri, format=fmt, size=info.size, sha256=info.sha256
        )

    async def delete_content(self, tenant_id: str, artifact_id: str) -> int:
        """Remove every stored blob of an artifact (its record and WAL history stay)."""
        view = await self.resolve(tenant_id, artifact_id)
        removed = 0
        for mat in view.materializations:
            if mat.storage_type == "blob":
                removed += await self.blobs.delete(tenant_id, mat.uri)
        return removed

    async def open_content(
        self, tenant_id: str, artifact_id: str, fmt: str | None = None
    ) -> tuple[Materialization, AsyncIterator[bytes]]:
        """Stream the bytes of an artifact's (first matching) blob materialization."""
        view = await self.resolve(tenant_id, artifact_id)
        for mat in view.materializations:
            if mat.storage_type == "blob" and (fmt is None or mat.format == fmt):
                return mat, await self.blobs.open(tenant_id, mat.uri)
        raise ArtifactNotFound(f"artifact {artifact_id} has no stored content")

    async def lineage(self, tenant_id: str, artifact_id: str) -> Lineage:
        """Direct parents/children plus the full ancestry and descendants (bounded)."""
        await self.resolve(tenant_id, artifact_id)
        parents, children = await self._store.lineage(tenant_id, artifact_id)
        ancestors = await self._walk(tenant_id, parents, up=True)
        descendants = await self._walk(tenant_id, children, up=False)
        return Lineage(
            artifact_id=artifact_id,
            parents=parents,
            children=children,
            ancestors=ancestors,
            descendants=descendants,
        )

    async def _walk(
        self, tenant_id: str, start: builtins.list[str], *, up: bool
    ) -> builtins.list[ArtifactView]:
        seen: dict[str, ArtifactView] = {}
        frontier = builtins.list(start)
        while frontier and len(seen) < MAX_LINEAGE_NODES:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen[current] = await self.resolve(tenant_id, current)
            parents, children = await self._store.lineage(tenant_id, current)
            frontier.extend(parents if up else children)
        return builtins.list(seen.values())


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as fh:
        while chunk := await asyncio.to_thread(fh.read, 1 << 20):
            yield chunk


class BoundArtifacts:
    """The ArtifactRegistry as a handler sees it: its tenant and execution filled in."""

    def __init__(
        self,
        registry: ArtifactRegistry,
        tenant_id: str,
        execution_id: str,
        intent_type: str,
        session_id: str | None,
    ) -> None:
        self._r = registry
        self._t, self._e, self._i, self._s = tenant_id, execution_id, intent_type, session_id

    async def register(self, artifact_type: str, **kw: Any) -> ArtifactView:
        """Register an artifact produced by this execution."""
        kw.setdefault("session_id", self._s)
        return await self._r.register(
            self._t, artifact_type, produced_by_intent=self._i, produced_by_execution=self._e, **kw
        )

    async def resolve(self, artifact_id: str, artifact_type: str | None = None) -> ArtifactView:
        """Resolve an artifact of this tenant."""
        return await self._r.resolve(self._t, artifact_id, artifact_type)

    async def list(self, **filters: Any) -> ArtifactPage:
        """List artifacts of this tenant."""
        return await self._r.list(self._t, **filters)

    async def transition(self, artifact_id: str, to_state: str) -> ArtifactView:
        """Move an artifact along its lifecycle."""
        return await self._r.transition(self._t, artifact_id, to_state)

    async def update(self, artifact_id: str, **kw: Any) -> ArtifactView:
        """Update descriptor/materializations."""
        return await self._r.update(self._t, artifact_id, **kw)

    async def store_bytes(self, data: bytes, fmt: str) -> Materialization:
        """Store bytes for a materialization."""
        return await self._r.store_bytes(self._t, data, fmt)

    async def store_file(self, path: Path, fmt: str, *, consume: bool = False) -> Materialization:
        """Store a local file for a materialization (`consume`: hand the file over)."""
        return await self._r.store_file(self._t, path, fmt, consume=consume)

    def scratch_dir(self, prefix: str) -> tempfile.TemporaryDirectory[str]:
        """A temporary folder to build files in for `store_file(..., consume=True)`.

        It is on the blob store's filesystem when the store has one, so storing is a rename.
        """
        return tempfile.TemporaryDirectory(prefix=prefix, dir=self._r.blobs.scratch_root())

    async def blob_info(self, uri: str) -> BlobInfo:
        """Size and SHA-256 of one of this tenant's blobs (NotFound if it has none)."""
        return await self._r.blobs.info(self._t, uri)

    async def delete_blob(self, uri: str) -> bool:
        """Remove one of this tenant's blobs that no artifact references yet."""
        return await self._r.blobs.delete(self._t, uri)

    async def delete_content(self, artifact_id: str) -> int:
        """Remove an artifact's stored blobs."""
        return await self._r.delete_content(self._t, artifact_id)

    async def open_content(
        self, artifact_id: str, fmt: str | None = None
    ) -> tuple[Materialization, AsyncIterator[bytes]]:
        """Stream an artifact's bytes."""
        return await self._r.open_content(self._t, artifact_id, fmt)

    def local_path(self, uri: str) -> Path:
        """Filesystem path of one of this tenant's blobs (for parsers needing random access)."""
        return self._r.blobs.local_path(self._t, uri)

    async def lineage(self, artifact_id: str) -> Lineage:
        """An artifact's ancestry and descendants."""
        return await self._r.lineage(self._t, artifact_id)

    async def put_json(
        self,
        artifact_type: str,
        content: object,
        *,
        parents: Sequence[str] = (),
        descriptor: dict[str, Any] | None = None,
        primary: Sequence[Materialization] = (),
    ) -> ArtifactView:
        """Register a READY artifact whose content is `content` (JSON-serializable), as JSON.

        `primary` renderings (e.g. a BPMN file) are listed before the JSON: a download
        without a format serves the first materialization.
        """
        data = json.dumps(content, ensure_ascii=False, indent=2).encode()
        mats = [*primary, await self.store_bytes(data, "json")]
        return await self.register(
            artifact_type,
            parents=list(parents),
            descriptor=dict(descriptor or {}),
            materializations=mats,
            lifecycle_state="READY",
        )

    async def read_json(self, artifact_id: str) -> JSONValue:
        """The artifact's JSON materialization, decoded (ArtifactNotFound if it has none)."""
        _, chunks = await self.open_content(artifact_id, "json")
        value: JSONValue = json.loads(b"".join([c async for c in chunks]))
        return value

    async def parsed(self, parsed_file_id: str) -> ArtifactView:
        """A READY `parsed_content` artifact of this tenant (IllegalTransition while parsing)."""
        return require_ready(await self.resolve(parsed_file_id, PARSED_CONTENT))

    async def tables(self, parsed_file_id: str) -> builtins.list[StoredTable]:
        """The tables a parsed file holds (name, columns, dtypes, row count)."""
        return parsed_tables(await self.parsed(parsed_file_id))

    async def read_table(
        self, parsed_file_id: str, table: str | None = None, *, max_rows: int | None = None
    ) -> pl.DataFrame:
        """A parsed table as a polars DataFrame: the one called `table`, else the first.

        `max_rows` reads only the first rows of a large table. NotFound names the tables
        when there is no such table.
        """
        found = pick_table(await self.parsed(parsed_file_id), table)
        path = None if found.uri is None else self.local_path(found.uri)
        return await read_frame(path, found, max_rows)
