"""Aggregate reads for the Control Tower and /metrics: counts, timings, queue and workers.

Every method takes `tenant_id`: a tenant's own figures, or `None` for the whole platform.
Choosing `None` is an authorisation decision the caller makes (see `runtime/_metrics.py`);
nothing here returns row contents of another tenant unless asked for the platform scope.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from symphainy.store._dialect import Row
from symphainy.store._executions import TERMINAL_SQL
from symphainy.store._reader import Reader

Query = Any  # the reader's `q(sql, params)` callable


@dataclass(frozen=True, slots=True)
class Counts:
    """Totals across the platform or one tenant."""

    tenants: int
    users: int
    sessions_by_status: dict[str, int]
    anonymous_sessions: int
    executions_by_status: dict[str, int]
    artifacts_by_type: dict[str, int]
    pending_by_status: dict[str, int]


@dataclass(frozen=True, slots=True)
class Finished:
    """One execution that reached a terminal state inside a time window."""

    intent_type: str
    status: str
    created_at: float
    started_at: float | None
    completed_at: float
    error: str | None = None
    """A failed execution's problem (JSON); None for the other states."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed execution (for recent-failure lists)."""

    execution_id: str
    tenant_id: str
    intent_type: str
    error: str | None
    completed_at: float


@dataclass(frozen=True, slots=True)
class QueueDepth:
    """Executions not yet finished, by status, and the oldest of each."""

    runnable: int
    """`created` (or `scheduled`) and due now (a worker may take it)."""
    delayed: int
    """`created` with a later `run_after` (retry backoff), or `scheduled` for later."""
    waiting: int
    running: int
    expired_leases: int
    """`running` whose lease ran out: its worker died; another will re-claim it."""
    oldest_created_at: float | None
    """Submission time of the oldest execution that is `created` or `waiting`."""


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """A worker process's liveness row."""

    worker_id: str
    host: str
    pid: int
    started_at: float
    heartbeat_at: float


def _scope(
    tenant_id: str | None, where: str = "", solution_id: str | None = None
) -> tuple[str, dict[str, Any]]:
    parts = [where] if where else []
    params: dict[str, Any] = {}
    if tenant_id is not None:
        parts.append("tenant_id = :t")
        params["t"] = tenant_id
    if solution_id is not None:
        parts.append("solution_id = :sol")
        params["sol"] = solution_id
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _leaving_out(intents: tuple[str, ...], where: str = "") -> tuple[str, dict[str, Any]]:
    """`where`, and `intent_type NOT IN (…)` over bound names when `intents` is not empty."""
    names = {f"out{i}": name for i, name in enumerate(intents)}
    if not names:
        return where, {}
    clause = "intent_type NOT IN (" + ", ".join(f":{k}" for k in names) + ")"
    return (f"{where} AND {clause}" if where else clause), names


def _grouped(
    q: Query, table: str, column: str, tenant_id: str | None, leave_out: tuple[str, ...] = ()
) -> dict[str, int]:
    extra, names = _leaving_out(leave_out)
    where, params = _scope(tenant_id, extra)
    rows = q(
        f"SELECT {column}, COUNT(*) FROM {table}{where} GROUP BY {column}", {**params, **names}
    )
    return {str(r[0]): int(r[1]) for r in sorted(rows, key=lambda r: str(r[0]))}


def _count(q: Query, table: str, tenant_id: str | None, where: str = "") -> int:
    clause, params = _scope(tenant_id, where)
    return int(q(f"SELECT COUNT(*) FROM {table}{clause}", params)[0][0])


class StatsQueries:
    """Aggregate reads on the store's reader pool."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    async def counts(self, tenant_id: str | None, leave_out: tuple[str, ...] = ()) -> Counts:
        """Tenants, users, sessions, executions, artifacts and pending intents.

        Executions of the intent types in `leave_out` are not counted.
        """

        def run(q: Query) -> Counts:
            return Counts(
                tenants=_count(q, "tenants", tenant_id),
                users=_count(q, "users", tenant_id),
                sessions_by_status=_grouped(q, "sessions", "status", tenant_id),
                anonymous_sessions=_count(q, "sessions", tenant_id, "is_anonymous = 1"),
                executions_by_status=_grouped(q, "executions", "status", tenant_id, leave_out),
                artifacts_by_type=_grouped(q, "artifacts", "artifact_type", tenant_id),
                pending_by_status=_grouped(q, "pending_intents", "status", tenant_id),
            )

        return await self.reader.run(run)

    async def executions_by_status(self, tenant_id: str | None) -> dict[str, int]:
        """How many executions are in each state."""
        return await self.reader.run(lambda q: _grouped(q, "executions", "status", tenant_id))

    async def finished(
        self, tenant_id: str | None, since: float, until: float, solution_id: str | None = None
    ) -> list[Finished]:
        """Executions that reached a terminal state in `[since, until)` (of one solution)."""
        where, params = _scope(
            tenant_id,
            f"completed_at >= :since AND completed_at < :until AND status IN {TERMINAL_SQL}",
            solution_id,
        )
        rows = await self.reader.rows(
            "SELECT intent_type, status, created_at, started_at, completed_at, "
            f"CASE WHEN status = 'failed' THEN error END FROM executions{where}",
            {**params, "since": since, "until": until},
        )
        return [Finished(str(r[0]), str(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    async def submitted(
        self, tenant_id: str | None, since: float, until: float, solution_id: str | None = None
    ) -> dict[str, int]:
        """How many executions of each intent type were submitted in `[since, until)`."""
        where, params = _scope(
            tenant_id, "created_at >= :since AND created_at < :until", solution_id
        )
        rows = await self.reader.rows(
            f"SELECT intent_type, COUNT(*) FROM executions{where} GROUP BY intent_type",
            {**params, "since": since, "until": until},
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def solution_activity(
        self, tenant_id: str | None, since: float
    ) -> dict[str, tuple[int, float]]:
        """Per solution id: executions submitted since `since` and the newest one's time."""
        where, params = _scope(tenant_id, "solution_id IS NOT NULL AND created_at >= :since")
        rows = await self.reader.rows(
            "SELECT solution_id, COUNT(*), MAX(created_at) FROM executions"
            f"{where} GROUP BY solution_id",
            {**params, "since": since},
        )
        return {str(r[0]): (int(r[1]), float(r[2])) for r in rows}

    async def failures(self, tenant_id: str | None, since: float, limit: int) -> list[Failure]:
        """The newest failed executions since `since`."""
        where, params = _scope(tenant_id, "status = 'failed' AND completed_at >= :since")
        rows = await self.reader.rows(
            "SELECT execution_id, tenant_id, intent_type, error, completed_at "
            f"FROM executions{where} ORDER BY completed_at DESC LIMIT :n",
            {**params, "since": since, "n": limit},
        )
        return [Failure(str(r[0]), str(r[1]), str(r[2]), r[3], r[4]) for r in rows]

    async def queue(self, tenant_id: str | None, leave_out: tuple[str, ...] = ()) -> QueueDepth:
        """The unfinished executions right now (but those of the intent types in `leave_out`)."""
        now = time.time()

        def run(q: Query) -> QueueDepth:
            unfinished = "status IN ('created', 'scheduled', 'waiting', 'running')"
            extra, names = _leaving_out(leave_out, unfinished)
            where, params = _scope(tenant_id, extra)
            rows: list[Row] = q(
                "SELECT status, run_after <= :now, lease_expires < :now, COUNT(*), "
                f"MIN(created_at) FROM executions{where} GROUP BY 1, 2, 3",
                {**params, **names, "now": now},
            )
            return _queue_depth(rows)

        return await self.reader.run(run)

    async def workers(self) -> list[WorkerInfo]:
        """Every registered worker, most recent heartbeat first."""
        rows = await self.reader.rows(
            "SELECT worker_id, host, pid, started_at, heartbeat_at FROM workers "
            "ORDER BY heartbeat_at DESC, worker_id"
        )
        return [WorkerInfo(str(r[0]), str(r[1]), int(r[2]), r[3], r[4]) for r in rows]


def _queue_depth(rows: list[Row]) -> QueueDepth:
    tally = {"runnable": 0, "delayed": 0, "waiting": 0, "running": 0, "expired": 0}
    oldest: float | None = None
    for status, due, expired, count, first in rows:
        n = int(count)
        if status == "running":
            tally["running"] += n
            tally["expired"] += n if expired else 0
            continue
        if status == "waiting":
            tally["waiting"] += n
        elif status == "scheduled" and not due:
            tally["delayed"] += n
            continue  # not late: a start set for next week must not age the queue
        else:
            tally["runnable" if due else "delayed"] += n
        oldest = first if oldest is None else min(oldest, first)
    return QueueDepth(
        runnable=tally["runnable"],
        delayed=tally["delayed"],
        waiting=tally["waiting"],
        running=tally["running"],
        expired_leases=tally["expired"],
        oldest_created_at=oldest,
    )
