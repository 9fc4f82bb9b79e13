"""PlatformMetrics: the read service behind the Control Tower intents and /metrics.

Capabilities never see the store; they reach these figures through `ctx.metrics`.

Who sees what. Every account that registers becomes the admin of its *own* tenant, so the
`admin` role alone cannot mean "platform operator": were it so, any sign-up could read every
tenant's figures. Hence two scopes:

* `tenant` (the default): the caller's own tenant only. Any admin may ask.
* `platform`: every tenant together, plus infrastructure detail (worker hosts). Only tenants
  named in `Settings.operator_tenants` may ask; anyone else gets `Forbidden`.

The Control Tower intents also require the admin role at submission (`IntentSpec.role`), and
the gateway routes check it again; this module decides only the tenant-versus-platform scope.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from symphainy.config import Settings
from symphainy.errors import Forbidden, is_rejection
from symphainy.runtime._registry import IntentRegistry
from symphainy.store import (
    BlobStore,
    Counts,
    Failure,
    Finished,
    QueueDepth,
    StatsQueries,
    Store,
    WorkerInfo,
    loads,
)

ScopeName = Literal["tenant", "platform"]

__all__ = [
    "ExecutionMetrics",
    "FailureInfo",
    "IntentTiming",
    "PlatformMetrics",
    "QueueDepth",
    "RealmHealth",
    "Slice",
    "StoreHealth",
    "SystemHealth",
    "WorkerInfo",
]
PERCENTILES = (50, 95, 99)


@dataclass(frozen=True, slots=True)
class IntentTiming:
    """Throughput, outcome and latency figures of one intent type in a window.

    Latency is end to end (submitted → finished) over the window's *completed* executions,
    in milliseconds, by the nearest-rank percentile; None when none completed.
    """

    intent_type: str
    submitted: int
    completed: int
    failed: int
    cancelled: int
    success_rate: float | None
    """completed / (completed + failed); cancellations and rejections count as neither."""
    rejected: int
    """Stopped by a person's rejection of an approval: an answer, so not in `failed`."""
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None


@dataclass(frozen=True, slots=True)
class ExecutionMetrics:
    """Execution figures for `[since, until)`."""

    since: float
    until: float
    total: IntentTiming
    """All intent types together (`intent_type` is `*`)."""
    by_intent: list[IntentTiming]
    throughput_per_minute: float
    """Executions that finished (in any terminal state) per minute of the window."""
    series: list[Slice] = field(default_factory=list)
    """The window cut into equal slices, oldest first (empty unless slices were asked for)."""


@dataclass(frozen=True, slots=True)
class Slice:
    """All intent types' figures for the executions that finished in `[start, end)`."""

    start: float
    end: float
    timing: IntentTiming


@dataclass(frozen=True, slots=True)
class StoreHealth:
    """Whether the database answers, how fast, and whether its schema is current."""

    engine: str
    reachable: bool
    latency_ms: float | None
    migration: str | None
    migration_head: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class SystemHealth:
    """Store, blob store, workers and the queue right now."""

    status: Literal["healthy", "degraded", "unhealthy"]
    problems: list[str]
    store: StoreHealth
    blobs_writable: bool
    blobs_error: str | None
    live_workers: int
    workers: list[WorkerInfo] | None
    """Per-worker detail (hosts, pids): platform scope only."""
    queue: QueueDepth
    oldest_waiting_age_seconds: float | None


@dataclass(frozen=True, slots=True)
class FailureInfo:
    """A failed execution and the problem it failed with."""

    execution_id: str
    tenant_id: str
    intent_type: str
    error_type: str | None
    """The problem type's last path segment (e.g. `invalid-request`)."""
    detail: str | None
    failed_at: float


@dataclass(frozen=True, slots=True)
class RealmHealth:
    """One capability (realm): its intents and how their executions fared in a window."""

    realm: str
    intents: list[str]
    finished: int
    failed: int
    status: Literal["idle", "healthy", "degraded"]
    """`idle`: nothing finished in the window; `degraded`: at least one execution failed."""
    recent_failures: list[FailureInfo]
    rejected: int
    """Executions a person's rejection stopped: an outcome, counted apart from `failed`."""


class PlatformMetrics:
    """Aggregates over the store, scoped as the module docstring describes."""

    def __init__(
        self, store: Store, blobs: BlobStore, settings: Settings, registry: IntentRegistry
    ) -> None:
        self._store, self._blobs, self._settings = store, blobs, settings
        self._registry = registry
        self._q = StatsQueries(store.reader)

    def scope(self, tenant_id: str, scope: ScopeName) -> str | None:
        """The tenant to filter on (`None`: every tenant); Forbidden for non-operators."""
        if scope == "tenant":
            return tenant_id
        if tenant_id not in self._settings.operator_tenants:
            raise Forbidden(
                "platform-wide figures are for platform operators "
                "(tenants listed in SYMPHAINY_OPERATOR_TENANTS)"
            )
        return None

    async def counts(self, tenant_id: str | None, leave_out: tuple[str, ...] = ()) -> Counts:
        """Tenants, users, sessions, executions by state, artifacts by type, pending intents.

        Executions of the intent types in `leave_out` are not counted.
        """
        return await self._q.counts(tenant_id, leave_out)

    async def execution_metrics(
        self,
        tenant_id: str | None,
        since: float,
        until: float,
        slices: int = 0,
        solution_id: str | None = None,
    ) -> ExecutionMetrics:
        """Throughput, success rate and latency percentiles per intent type, over time.

        `slices` cuts the window into that many series points; `solution_id` keeps only
        the executions submitted under that solution.
        """
        finished = await self._q.finished(tenant_id, since, until, solution_id)
        submitted = await self._q.submitted(tenant_id, since, until, solution_id)
        groups: dict[str, list[Finished]] = {t: [] for t in submitted}
        for row in finished:
            groups.setdefault(row.intent_type, []).append(row)
        by_intent = [_timing(t, submitted.get(t, 0), rows) for t, rows in sorted(groups.items())]
        window = max(until - since, 1e-9)
        return ExecutionMetrics(
            since=since,
            until=until,
            total=_timing("*", sum(submitted.values()), finished),
            by_intent=by_intent,
            throughput_per_minute=round(len(finished) * 60.0 / window, 6),
            series=_slices(finished, since, until, slices),
        )

    async def system_health(
        self, tenant_id: str | None, leave_out: tuple[str, ...] = ()
    ) -> SystemHealth:
        """Store, blobs, workers and the queue (not counting `leave_out`'s intent types).

        Worker hosts only for the platform scope.
        """
        store = await self._store_health()
        blobs_error = await self._blobs_error()
        lease = self._settings.lease_seconds
        workers = await self._q.workers()
        live = [w for w in workers if w.heartbeat_at > time.time() - lease]
        queue = await self._q.queue(tenant_id, leave_out)
        problems = _problems(store, blobs_error, len(live), queue)
        oldest = queue.oldest_created_at
        return SystemHealth(
            status=_status(store, blobs_error, problems),
            problems=problems,
            store=store,
            blobs_writable=blobs_error is None,
            blobs_error=blobs_error,
            live_workers=len(live),
            workers=workers if tenant_id is None else None,
            queue=queue,
            oldest_waiting_age_seconds=None if oldest is None else time.time() - oldest,
        )

    async def solution_activity(
        self, tenant_id: str | None, since: float
    ) -> dict[str, tuple[int, float]]:
        """Per solution id: executions submitted since `since`, and the newest one's time."""
        return await self._q.solution_activity(tenant_id, since)

    async def queue(self, tenant_id: str | None) -> QueueDepth:
        """Unfinished executions right now."""
        return await self._q.queue(tenant_id)

    async def live_workers(self) -> int:
        """Workers that heartbeated within one lease."""
        return await self._store.live_workers(self._settings.lease_seconds)

    async def realm_health(
        self, tenant_id: str | None, since: float, failures_per_realm: int = 5
    ) -> list[RealmHealth]:
        """Every registered realm with its intents and its failures since `since`."""
        realm_of = {spec.intent_type: spec.realm for spec in self._registry}
        finished = await self._q.finished(tenant_id, since, time.time() + 1)
        failures = await self._q.failures(tenant_id, since, 1000)
        return [
            _realm(view.realm, view.intents, realm_of, finished, failures, failures_per_realm)
            for view in self._registry.realms()
        ]

    async def _store_health(self) -> StoreHealth:
        store = self._store
        try:
            latency = await store.ping()
            current, head = await store.migration_status()
        except Exception as exc:  # reported, not swallowed: this is the health answer
            return StoreHealth(store.engine, False, None, None, None, f"{type(exc).__name__}")
        return StoreHealth(store.engine, True, round(latency * 1000, 3), current, head, None)

    async def _blobs_error(self) -> str | None:
        try:
            await asyncio.to_thread(self._blobs.check_writable)
        except OSError as exc:
            return f"{type(exc).__name__}: {exc.strerror or exc}"
        return None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a sorted, non-empty list."""
    rank = max(1, math.ceil(p / 100.0 * len(values)))
    return values[rank - 1]


def _slices(rows: list[Finished], since: float, until: float, count: int) -> list[Slice]:
    if count <= 0:
        return []
    width = (until - since) / count
    parts: list[list[Finished]] = [[] for _ in range(count)]
    for row in rows:
        parts[min(count - 1, max(0, int((row.completed_at - since) / width)))].append(row)
    return [
        Slice(since + i * width, since + (i + 1) * width, _timing("*", 0, part))
        for i, part in enumerate(parts)
    ]


def _timing(intent_type: str, submitted: int, rows: Iterable[Finished]) -> IntentTiming:
    tally = {"completed": 0, "failed": 0, "cancelled": 0, "rejected": 0}
    latencies: list[float] = []
    for row in rows:
        tally["rejected" if _rejected(row) else row.status] += 1
        if row.status == "completed":
            latencies.append((row.completed_at - row.created_at) * 1000.0)
    latencies.sort()
    decided = tally["completed"] + tally["failed"]
    p50, p95, p99 = (
        (round(percentile(latencies, p), 3) for p in PERCENTILES)
        if latencies
        else (None, None, None)
    )
    return IntentTiming(
        intent_type=intent_type,
        submitted=submitted,
        completed=tally["completed"],
        failed=tally["failed"],
        cancelled=tally["cancelled"],
        success_rate=round(tally["completed"] / decided, 6) if decided else None,
        latency_p50_ms=p50,
        latency_p95_ms=p95,
        latency_p99_ms=p99,
        rejected=tally["rejected"],
    )


def _realm(
    realm: str,
    intents: list[str],
    realm_of: dict[str, str],
    finished: list[Finished],
    failures: list[Failure],
    keep: int,
) -> RealmHealth:
    mine = [f for f in finished if realm_of.get(f.intent_type) == realm]
    # A rejected approval ends its execution `failed`, but a person said no: nothing broke.
    rejected = sum(1 for f in mine if _rejected(f))
    failed = sum(1 for f in mine if f.status == "failed") - rejected
    recent = [
        _info(f) for f in failures if realm_of.get(f.intent_type) == realm and not _rejected(f)
    ][:keep]
    status: Literal["idle", "healthy", "degraded"] = (
        "idle" if not mine else "degraded" if failed else "healthy"
    )
    return RealmHealth(realm, intents, len(mine), failed, status, recent, rejected)


def _rejected(row: Finished | Failure) -> bool:
    return row.error is not None and is_rejection(loads(row.error))


def _info(failure: Failure) -> FailureInfo:
    problem: Any = loads(failure.error)
    problem = problem if isinstance(problem, dict) else {}
    kind, detail = problem.get("type"), problem.get("detail")
    return FailureInfo(
        execution_id=failure.execution_id,
        tenant_id=failure.tenant_id,
        intent_type=failure.intent_type,
        error_type=str(kind).rsplit("/", 1)[-1] if kind is not None else None,
        detail=str(detail) if detail is not None else None,
        failed_at=failure.completed_at,
    )


def _problems(store: StoreHealth, blobs_error: str | None, live: int, q: QueueDepth) -> list[str]:
    problems = []
    if not store.reachable:
        problems.append(f"store unreachable ({store.error})")
    elif store.migration != store.migration_head:
        problems.append("database migrations are not current")
    if blobs_error is not None:
        problems.append(f"blob store not writable ({blobs_error})")
    if live == 0:
        problems.append("no live workers")
    if q.expired_leases:
        problems.append(f"{q.expired_leases} running execution(s) lost their worker's lease")
    return problems


def _status(
    store: StoreHealth, blobs_error: str | None, problems: list[str]
) -> Literal["healthy", "degraded", "unhealthy"]:
    if not store.reachable or blobs_error is not None:
        return "unhealthy"
    return "degraded" if problems else "healthy"
