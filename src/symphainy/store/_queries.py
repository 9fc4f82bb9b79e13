"""Read queries, every one scoped to a tenant."""

from __future__ import annotations

import time
from typing import Any

from symphainy.store._delayed import QUEUED_SQL
from symphainy.store._dialect import in_clause
from symphainy.store._loader import ExecutionLoader
from symphainy.store._reader import Reader
from symphainy.store._rows import (
    ArtifactRow,
    ExecutionRow,
    PendingRow,
    SessionRow,
    StateRow,
    WalRow,
    build,
    columns,
)
from symphainy.store._search import artifact_clauses, execution_clauses

EXEC_COLS = columns(ExecutionRow)
PageKey = tuple[float, str]
CHILD_PAGE = 1000
"""Rows read per statement when collecting every child of an execution."""
"""Where a list page starts: strictly after this (created_at, primary key) in list order."""
WAL_COLS = columns(WalRow)


def _where(
    filters: dict[str, Any], more: tuple[list[str], dict[str, Any]] = ([], {})
) -> tuple[str, dict[str, Any]]:
    parts, params = [], {}
    for col, value in filters.items():
        if value is not None:
            parts.append(f"{col} = :{col}")
            params[col] = value
    return " AND ".join(parts + more[0]), {**params, **more[1]}


class Queries:
    """Reads; each method takes the caller's tenant and never returns another tenant's rows."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._executions = ExecutionLoader(reader)

    async def get_execution(self, tenant_id: str, execution_id: str) -> ExecutionRow | None:
        """One execution, or None (concurrent lookups share one query: `_loader`)."""
        return await self._executions.get(tenant_id, execution_id)

    async def executions_by_id(self, ids: list[str]) -> list[ExecutionRow]:
        """Executions by id regardless of tenant (internal: waking local waiters)."""
        if not ids:
            return []
        clause, params = in_clause("e", ids)
        rows = await self.reader.rows(
            f"SELECT {EXEC_COLS} FROM executions WHERE execution_id IN {clause}", params
        )
        return [build(ExecutionRow, r) for r in rows]

    async def list_executions(
        self,
        tenant_id: str,
        *,
        status: str | None = None,
        intent_type: str | None = None,
        session_id: str | None = None,
        parent_execution_id: str | None = None,
        schedule_id: str | None = None,
        retry_of: str | None = None,
        limit: int = 100,
        after: PageKey | None = None,
        **search: Any,
    ) -> tuple[list[ExecutionRow], int]:
        """A page of executions (newest first, after `after`) and the total matching.

        `search` takes the filters of `_search.execution_clauses` (times as epoch seconds).
        """
        where, params = _where(
            {
                "status": status,
                "intent_type": intent_type,
                "session_id": session_id,
                "parent_execution_id": parent_execution_id,
                "schedule_id": schedule_id,
                "retry_of": retry_of,
            },
            execution_clauses(self.reader.dialect.name, tenant_id, search),
        )
        result: tuple[list[ExecutionRow], int] = await self._page(
            ExecutionRow, "executions", "execution_id", where, params, limit, after
        )
        return result

    async def retryable_failures(
        self,
        tenant_id: str,
        *,
        intent_type: str | None,
        since: float | None,
        until: float | None,
        limit: int,
    ) -> tuple[list[str], int]:
        """Failed top-level executions not yet retried, oldest failure first: ids and total.

        Journey steps (children) are left out: a journey is retried as a whole, from its
        failed step. The time range is on when they failed (`completed_at`).
        """
        where, params = _where({"tenant_id": tenant_id, "intent_type": intent_type})
        where += " AND status = 'failed' AND parent_execution_id IS NULL"
        where += " AND NOT EXISTS (SELECT 1 FROM executions r WHERE r.retry_of = x.execution_id)"
        if since is not None:
            where, params = where + " AND completed_at >= :since", {**params, "since": since}
        if until is not None:
            where, params = where + " AND completed_at < :until", {**params, "until": until}

        def run(q: Any) -> tuple[list[str], int]:
            total = q(f"SELECT COUNT(*) FROM executions x WHERE {where}", params)[0][0]
            rows = q(
                f"SELECT execution_id FROM executions x WHERE {where} "
                f"ORDER BY completed_at, execution_id LIMIT :lim",
                {**params, "lim": limit},
            )
            return [r[0] for r in rows], int(total)

        result: tuple[list[str], int] = await self.reader.run(run)
        return result

    async def child_executions(
        self, tenant_id: str, parent_execution_id: str, page_size: int = CHILD_PAGE
    ) -> list[ExecutionRow]:
        """Every child of an execution, however many (read by keyset, `page_size` at a time)."""
        rows: list[ExecutionRow] = []
        after: PageKey | None = None
        while True:
            page, _ = await self.list_executions(
                tenant_id, parent_execution_id=parent_execution_id, limit=page_size, after=after
            )
            rows += page
            if len(page) < page_size:
                return rows
            after = (page[-1].created_at, page[-1].execution_id)

    async def _page(
        self,
        cls: type[Any],
        table: str,
        pk: str,
        where: str,
        params: dict[str, Any],
        limit: int,
        after: PageKey | None,
    ) -> Any:
        # A total order (the primary key breaks timestamp ties) and a keyset start: pages
        # neither repeat nor skip rows, however many share a created_at or change meanwhile.
        keyset, page_params = "", {**params, "lim": limit}
        if after is not None:
            keyset = f" AND (created_at, {pk}) < (:kc, :kk)"
            page_params.update(kc=after[0], kk=after[1])

        def run(q: Any) -> Any:
            total = q(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)[0][0]
            rows = q(
                f"SELECT {columns(cls)} FROM {table} WHERE {where}{keyset} "
                f"ORDER BY created_at DESC, {pk} DESC LIMIT :lim",
                page_params,
            )
            return [build(cls, r) for r in rows], int(total)

        return await self.reader.run(run)

    async def events(
        self, tenant_id: str, execution_id: str, after: int = 0, limit: int = 1000
    ) -> list[WalRow]:
        """An execution's events with sequence number greater than `after`, in order."""
        rows = await self.reader.rows(
            # Authorised through the execution's current tenant: an upgraded session's
            # executions keep their early events in the anonymous tenant's chain.
            f"SELECT {WAL_COLS} FROM wal WHERE execution_id = :e AND exec_seq > :a "
            f"AND EXISTS (SELECT 1 FROM executions x WHERE x.execution_id = :e "
            f"AND x.tenant_id = :t) ORDER BY exec_seq LIMIT :n",
            {"e": execution_id, "t": tenant_id, "a": after, "n": limit},
        )
        return [build(WalRow, r) for r in rows]

    async def wal_page(self, tenant_id: str, after: int = 0, limit: int = 1000) -> list[WalRow]:
        """A tenant's WAL entries with seq greater than `after`, in chain order."""
        rows = await self.reader.rows(
            f"SELECT {WAL_COLS} FROM wal WHERE tenant_id = :t AND seq > :a ORDER BY seq LIMIT :n",
            {"t": tenant_id, "a": after, "n": limit},
        )
        return [build(WalRow, r) for r in rows]

    async def wal_head(self, tenant_id: str) -> tuple[int, str] | None:
        """The tenant's chain head (seq, hash)."""
        rows = await self.reader.rows(
            "SELECT seq, hash FROM wal_heads WHERE tenant_id = :t", {"t": tenant_id}
        )
        return (int(rows[0][0]), str(rows[0][1])) if rows else None

    async def get_session(self, tenant_id: str, session_id: str) -> SessionRow | None:
        """One session, or None."""
        rows = await self.reader.rows(
            f"SELECT {columns(SessionRow)} FROM sessions WHERE session_id = :s AND tenant_id = :t",
            {"s": session_id, "t": tenant_id},
        )
        return build(SessionRow, rows[0]) if rows else None

    async def get_state(
        self, tenant_id: str, scope: str, scope_id: str, key: str
    ) -> StateRow | None:
        """One live (unexpired) state entry, or None."""
        rows = await self.reader.rows(
            f"SELECT {columns(StateRow)} FROM state WHERE tenant_id = :t AND scope = :sc "
            "AND scope_id = :si AND key = :k AND (expires_at IS NULL OR expires_at > :now)",
            {"t": tenant_id, "sc": scope, "si": scope_id, "k": key, "now": time.time()},
        )
        return build(StateRow, rows[0]) if rows else None

    async def list_state(self, tenant_id: str, scope: str, scope_id: str) -> list[StateRow]:
        """Every live state entry of one scope."""
        rows = await self.reader.rows(
            f"SELECT {columns(StateRow)} FROM state WHERE tenant_id = :t AND scope = :sc "
            "AND scope_id = :si AND (expires_at IS NULL OR expires_at > :now) ORDER BY key",
            {"t": tenant_id, "sc": scope, "si": scope_id, "now": time.time()},
        )
        return [build(StateRow, r) for r in rows]

    async def get_artifact(self, tenant_id: str, artifact_id: str) -> ArtifactRow | None:
        """One artifact, or None."""
        rows = await self.reader.rows(
            f"SELECT {columns(ArtifactRow)} FROM artifacts WHERE artifact_id = :a "
            "AND tenant_id = :t",
            {"a": artifact_id, "t": tenant_id},
        )
        return build(ArtifactRow, rows[0]) if rows else None

    async def list_artifacts(
        self,
        tenant_id: str,
        *,
        artifact_type: str | None = None,
        lifecycle_state: str | None = None,
        execution_id: str | None = None,
        session_id: str | None = None,
        limit: int = 100,
        after: PageKey | None = None,
        **search: Any,
    ) -> tuple[list[ArtifactRow], int]:
        """A page of artifacts (newest first, after `after`) and the total matching.

        `search` takes the filters of `_search.artifact_clauses` (times as epoch seconds).
        """
        where, params = _where(
            {
                "tenant_id": tenant_id,
                "artifact_type": artifact_type,
                "lifecycle_state": lifecycle_state,
                "produced_by_execution": execution_id,
                "session_id": session_id,
            },
            artifact_clauses(self.reader.dialect.name, search),
        )
        result: tuple[list[ArtifactRow], int] = await self._page(
            ArtifactRow, "artifacts", "artifact_id", where, params, limit, after
        )
        return result

    async def parents_of(self, tenant_id: str, artifact_ids: list[str]) -> dict[str, list[str]]:
        """Each artifact's parent ids (one query for a whole page)."""
        if not artifact_ids:
            return {}
        clause, params = in_clause("a", artifact_ids)
        rows = await self.reader.rows(
            f"SELECT artifact_id, parent_id FROM artifact_parents WHERE tenant_id = :t "
            f"AND artifact_id IN {clause} ORDER BY parent_id",
            {**params, "t": tenant_id},
        )
        parents: dict[str, list[str]] = {a: [] for a in artifact_ids}
        for artifact_id, parent_id in rows:
            parents[artifact_id].append(parent_id)
        return parents

    async def lineage(self, tenant_id: str, artifact_id: str) -> tuple[list[str], list[str]]:
        """(parents, children) of an artifact."""

        def run(q: Any) -> tuple[list[str], list[str]]:
            p = {"a": artifact_id, "t": tenant_id}
            parents = q(
                "SELECT parent_id FROM artifact_parents WHERE artifact_id = :a "
                "AND tenant_id = :t ORDER BY parent_id",
                p,
            )
            children = q(
                "SELECT artifact_id FROM artifact_parents WHERE parent_id = :a "
                "AND tenant_id = :t ORDER BY artifact_id",
                p,
            )
            return [r[0] for r in parents], [r[0] for r in children]

        return await self.reader.run(run)

    async def list_pending(
        self,
        tenant_id: str,
        *,
        target_artifact_id: str | None = None,
        intent_type: str | None = None,
        status: str | None = None,
        limit: int = 100,
        after: PageKey | None = None,
    ) -> tuple[list[PendingRow], int]:
        """A page of pending intents (newest first, after `after`) and the total matching."""
        where, params = _where(
            {
                "tenant_id": tenant_id,
                "target_artifact_id": target_artifact_id,
                "intent_type": intent_type,
                "status": status,
            }
        )
        result: tuple[list[PendingRow], int] = await self._page(
            PendingRow, "pending_intents", "intent_id", where, params, limit, after
        )
        return result

    async def get_pending(self, tenant_id: str, intent_id: str) -> PendingRow | None:
        """One pending intent, or None."""
        rows = await self.reader.rows(
            f"SELECT {columns(PendingRow)} FROM pending_intents WHERE intent_id = :i "
            "AND tenant_id = :t",
            {"i": intent_id, "t": tenant_id},
        )
        return build(PendingRow, rows[0]) if rows else None

    async def next_due(self) -> float | None:
        """When claimable work next falls due (epoch seconds), across every tenant; None: none.

        That is the earliest `run_after` of a queued execution (a delayed start, a retry's
        backoff) or the earliest lease of a running one to expire: a worker sleeps until then.
        """

        def run(q: Any) -> float | None:
            queued = q(f"SELECT MIN(run_after) FROM executions WHERE status IN {QUEUED_SQL}", {})
            leased = q("SELECT MIN(lease_expires) FROM executions WHERE status = 'running'", {})
            due = [float(v) for v in (queued[0][0], leased[0][0]) if v is not None]
            return min(due, default=None)

        result: float | None = await self.reader.run(run)
        return result

    async def live_workers(self, within: float) -> int:
        """How many workers heartbeated in the last `within` seconds."""
        rows = await self.reader.rows(
            "SELECT COUNT(*) FROM workers WHERE heartbeat_at > :since",
            {"since": time.time() - within},
        )
        return int(rows[0][0])
