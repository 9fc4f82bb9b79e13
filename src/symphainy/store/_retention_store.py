"""`Store.retention`: policies, holds, candidate reads, batched removals (SQL in `_retention`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from symphainy.store import _retention as ret
from symphainy.store._executions import TERMINAL_SQL
from symphainy.store._retention import HoldRow, PolicyRow

if TYPE_CHECKING:
    from symphainy.store._store import Store

Key = tuple[float, str]
"""Where a candidate scan resumes: strictly after this (time, id)."""


class RetentionStore:
    """What retention reads and writes; every method names its tenant."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def policy(self, tenant_id: str) -> PolicyRow | None:
        """The tenant's stored policy, or None (platform defaults apply)."""
        rows = await self._store.reader.rows(
            "SELECT tenant_id, execution_days, artifact_days, wal_days, updated_by, updated_at "
            "FROM retention_policies WHERE tenant_id = :t",
            {"t": tenant_id},
        )
        return PolicyRow(*rows[0]) if rows else None

    async def set_policy(self, row: PolicyRow) -> PolicyRow:
        """Store a tenant's policy; see `_retention.set_policy`."""
        return await self._store.write(lambda tx: ret.set_policy(tx, row))

    async def place_hold(self, row: HoldRow) -> HoldRow:
        """Hold an execution or artifact; see `_retention.place_hold`."""
        return await self._store.write(lambda tx: ret.place_hold(tx, row))

    async def release_hold(self, tenant_id: str, kind: str, target_id: str, by: str | None) -> None:
        """Release a hold; see `_retention.release_hold`."""
        await self._store.write(lambda tx: ret.release_hold(tx, tenant_id, kind, target_id, by))

    async def holds(self, tenant_id: str) -> list[HoldRow]:
        """The tenant's legal holds, oldest first."""
        rows = await self._store.reader.rows(
            "SELECT tenant_id, kind, target_id, reason, placed_by, placed_at FROM legal_holds "
            "WHERE tenant_id = :t ORDER BY placed_at, kind, target_id",
            {"t": tenant_id},
        )
        return [HoldRow(*r) for r in rows]

    async def execution_roots(
        self, tenant_id: str, before: float, after: Key, limit: int
    ) -> list[tuple[float, str]]:
        """Finished executions older than `before` that head a tree (no parent left)."""
        rows = await self._store.reader.rows(
            "SELECT e.completed_at, e.execution_id FROM executions e WHERE e.tenant_id = :t "
            f"AND e.status IN {TERMINAL_SQL} AND e.completed_at < :before "
            "AND (e.completed_at > :ak OR (e.completed_at = :ak AND e.execution_id > :ai)) "
            "AND (e.parent_execution_id IS NULL OR NOT EXISTS (SELECT 1 FROM executions p "
            "WHERE p.execution_id = e.parent_execution_id)) "
            "ORDER BY e.completed_at, e.execution_id LIMIT :n",
            {"t": tenant_id, "before": before, "ak": after[0], "ai": after[1], "n": limit},
        )
        return [(float(r[0]), str(r[1])) for r in rows]

    async def expirable(
        self, tenant_id: str, after: Key, limit: int
    ) -> list[tuple[float, str, str, str]]:
        """READY or FAILED artifacts nothing keeps (their expiry is the caller's to judge)."""
        return await self._artifacts_in(tenant_id, ("READY", "FAILED"), ret.PURGEABLE, after, limit)

    async def purgeable(
        self, tenant_id: str, after: Key, limit: int
    ) -> list[tuple[float, str, str, str]]:
        """DELETED artifacts, unheld, that no artifact derives from."""
        return await self._artifacts_in(tenant_id, ("DELETED",), (), after, limit)

    async def _artifacts_in(
        self, tenant_id: str, states: tuple[str, ...], gone: tuple[str, ...], after: Key, limit: int
    ) -> list[tuple[float, str, str, str]]:
        """(created_at, id, descriptor, materializations) of unkept artifacts in `states`.

        Unkept: not held, and every child is in one of the `gone` states (none: no child).
        """
        marks = ", ".join(f"'{s}'" for s in states)  # fixed lifecycle names, never input
        rows = await self._store.reader.rows(
            "SELECT created_at, artifact_id, semantic_descriptor, materializations "
            f"FROM artifacts a WHERE tenant_id = :t AND lifecycle_state IN ({marks}) "
            f"AND NOT {ret.kept_sql(gone)} "
            "AND (created_at > :ak OR (created_at = :ak AND artifact_id > :ai)) "
            "ORDER BY created_at, artifact_id LIMIT :n",
            {"t": tenant_id, "ak": after[0], "ai": after[1], "n": limit},
        )
        return [(float(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    async def archived_since(
        self, tenant_id: str, before: float, after: Key, limit: int
    ) -> list[tuple[float, str]]:
        """ARCHIVED artifacts last changed before `before` (their grace period is over)."""
        rows = await self._store.reader.rows(
            "SELECT updated_at, artifact_id FROM artifacts a WHERE tenant_id = :t "
            "AND lifecycle_state = 'ARCHIVED' AND updated_at < :before "
            f"AND NOT {ret.kept_sql(('DELETED',))} "
            "AND (updated_at > :ak OR (updated_at = :ak AND artifact_id > :ai)) "
            "ORDER BY updated_at, artifact_id LIMIT :n",
            {"t": tenant_id, "before": before, "ak": after[0], "ai": after[1], "n": limit},
        )
        return [(float(r[0]), str(r[1])) for r in rows]

    async def trees(self, tenant_id: str, roots: list[str], before: float) -> list[str]:
        """The executions `remove_trees` would delete now (a dry run's count)."""
        rows = await self._store.reader.rows(*ret.tree_query(tenant_id, roots, before))
        return ret.unkept(rows)

    async def remove_trees(self, tenant_id: str, roots: list[str], before: float) -> list[str]:
        """Delete unkept execution trees; see `_retention.remove_trees`."""
        return await self._store.write(lambda tx: ret.remove_trees(tx, tenant_id, roots, before))

    async def expire_artifacts(self, tenant_id: str, ids: list[str]) -> list[str]:
        """Archive (or delete, if failed) expired artifacts; see `_retention.expire_artifacts`."""
        return await self._store.write(lambda tx: ret.expire_artifacts(tx, tenant_id, ids))

    async def delete_archived(self, tenant_id: str, ids: list[str]) -> list[str]:
        """ARCHIVED → DELETED after the grace period; see `_retention.delete_archived`."""
        return await self._store.write(lambda tx: ret.delete_archived(tx, tenant_id, ids))

    async def purge_artifacts(self, tenant_id: str, ids: list[str]) -> list[str]:
        """Remove DELETED leaf artifacts; see `_retention.purge_artifacts`."""
        return await self._store.write(lambda tx: ret.purge_artifacts(tx, tenant_id, ids))

    async def anchor(self, tenant_id: str) -> tuple[int, str, str] | None:
        """The tenant's compaction anchor (seq, hash, signed checkpoint), or None."""
        rows = await self._store.reader.rows(
            "SELECT seq, hash, checkpoint FROM wal_anchors WHERE tenant_id = :t", {"t": tenant_id}
        )
        return (int(rows[0][0]), str(rows[0][1]), str(rows[0][2])) if rows else None

    async def wal_bounds(self, tenant_id: str) -> tuple[int, int] | None:
        """The lowest and highest seq the tenant's WAL still holds, or None if empty."""
        rows = await self._store.reader.rows(
            "SELECT MIN(seq), MAX(seq) FROM wal WHERE tenant_id = :t", {"t": tenant_id}
        )
        return None if rows[0][0] is None else (int(rows[0][0]), int(rows[0][1]))

    async def compaction_limit(self, tenant_id: str, after: int, older_than: float) -> int | None:
        """The highest seq compaction may remove, or None when the chain has no such entry.

        Bounded by age (the first entry newer than `older_than` stays, and all after it), by
        every execution still stored (all its events stay) and by held artifacts (entries from
        their creation on stay).
        """
        params = {"t": tenant_id, "a": after, "c": older_than}
        young = await self._first(
            "SELECT MIN(seq) FROM wal WHERE tenant_id = :t AND seq > :a AND created_at >= :c",
            params,
        )
        live = await self._first(
            "SELECT MIN(w.seq) FROM executions e JOIN wal w ON w.execution_id = e.execution_id "
            "WHERE e.tenant_id = :t AND w.tenant_id = :t",
            params,
        )
        held = await self._first(
            "SELECT MIN(w.seq) FROM wal w WHERE w.tenant_id = :t AND w.seq > :a AND w.created_at "
            ">= (SELECT MIN(a.created_at) FROM legal_holds h JOIN artifacts a ON "
            "a.artifact_id = h.target_id WHERE h.tenant_id = :t AND h.kind = 'artifact')",
            params,
        )
        head = await self._store.wal_head(tenant_id)
        firsts = [s for s in (young, live, held) if s is not None]
        limit = min(firsts) - 1 if firsts else (head[0] if head else None)
        return None if limit is None or limit <= after else limit

    async def _first(self, sql: str, params: dict[str, object]) -> int | None:
        rows = await self._store.reader.rows(sql, params)
        return None if not rows or rows[0][0] is None else int(rows[0][0])

    async def write_anchor(
        self, tenant_id: str, anchor: tuple[int, str], token: str, counts: dict[str, int]
    ) -> None:
        """Record a compaction anchor; see `_retention.write_anchor`."""
        await self._store.write(lambda tx: ret.write_anchor(tx, tenant_id, anchor, token, counts))

    async def drop_wal(self, tenant_id: str, below: int, upto: int) -> int:
        """Delete one range of entries under the anchor; see `_retention.drop_wal`."""
        return await self._store.write(lambda tx: ret.drop_wal(tx, tenant_id, below, upto))
