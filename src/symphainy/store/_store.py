"""The Store: the runtime's only door to the database (group-committed writes, pooled reads)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import Any, TypeVar, cast

from symphainy.errors import StoreUnavailable
from symphainy.store import _children as ch
from symphainy.store import _claims, _migrate
from symphainy.store import _executions as ex
from symphainy.store import _records as rec
from symphainy.store._checkpoint import Checkpointer
from symphainy.store._commit_stats import CommitStats
from symphainy.store._dialect import Dialect, dialect_for
from symphainy.store._finish import finish
from symphainy.store._identity_store import IdentityStore
from symphainy.store._listener import Listener
from symphainy.store._queries import Queries
from symphainy.store._queue import NO_LIMITS, QUEUE_ORDER, Inline, Limits, set_limit
from symphainy.store._quota_store import QuotaStore
from symphainy.store._quotas import QuotaLimits
from symphainy.store._reader import Reader
from symphainy.store._retention_store import RetentionStore
from symphainy.store._rows import ExecutionRow, NewExecution, PendingRow
from symphainy.store._schedule_store import ScheduleStore
from symphainy.store._signal_store import SignalStore
from symphainy.store._solution_store import SolutionStore
from symphainy.store._threads import to_thread_to_the_end
from symphainy.store._tx import Later, Tx
from symphainy.store._usage import UsageRow, record_usage
from symphainy.store._writer import Commit, CommitObserver, GroupCommitter

T = TypeVar("T")


class Store(Queries):
    """SQLite or PostgreSQL, chosen by URL; every write carries its WAL entries atomically.

    Use as `async with open_store(url) as store:`. Callbacks registered with
    `on_commit`/`on_work` fire in the event loop after this or another process commits.
    """

    def __init__(self, dialect: Dialect, *, migrate: bool = True) -> None:
        self.dialect = dialect
        self._migrate = migrate
        self._commit_hooks: list[Callable[[Commit], None]] = []
        self._work_hooks: list[Callable[[], None]] = []
        self._event_hooks: list[Callable[[set[str], set[str]], None]] = []
        self._pending_hooks: list[Callable[[set[str]], None]] = []
        self._resync_hooks: list[Callable[[], None]] = []
        self._writer = GroupCommitter(dialect, self._committed)
        self._listener: Listener | None = None
        self._checkpointer = Checkpointer(dialect) if dialect.name == "sqlite" else None
        super().__init__(Reader(dialect))

    @property
    def engine(self) -> str:
        """`sqlite` or `postgres`."""
        return self.dialect.name

    async def __aenter__(self) -> Store:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def open(self) -> None:
        """Migrate (unless disabled), then start the writer and, on PostgreSQL, LISTEN.

        Whatever started is stopped again if opening fails or is cancelled: a cancelled open
        left the writer and listener threads running with nobody to stop them.
        """
        loop = asyncio.get_running_loop()
        try:
            await to_thread_to_the_end(lambda: self._start(loop))
        except BaseException:
            await to_thread_to_the_end(self._stop)
            raise

    async def close(self) -> None:
        """Drain the writer and release every connection, even if cancelled meanwhile."""
        await to_thread_to_the_end(self._stop)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            if self._migrate:
                _migrate.upgrade(self.dialect)
            self._writer.start(loop)
            if self._checkpointer is not None:
                self._checkpointer.start()
        except Exception as exc:
            raise StoreUnavailable(f"cannot open {self.dialect.name} store: {exc}") from exc
        if self.dialect.supports_notify:
            listener = Listener(
                self.dialect,
                loop,
                self._on_work,
                self._on_events,
                self._on_pending,
                self._resync,
                self._writer.backend_pid,
            )
            listener.start()
            self._listener = listener

    def _stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._writer.stop()
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.reader.close()

    def on_commit(self, hook: Callable[[Commit], None]) -> None:
        """Call `hook` in the event loop after each local commit."""
        self._commit_hooks.append(hook)

    def commit_stats(self) -> CommitStats:
        """This process's group commits since the store opened (for /metrics, benchmarks)."""
        return self._writer.stats.snapshot()

    def trace_commits(self, observer: CommitObserver) -> None:
        """Report each group commit to `observer` (tracing); one observer per store."""
        self._writer.observer = observer

    def on_work(self, hook: Callable[[], None]) -> None:
        """Call `hook` in the loop when another process queued runnable work."""
        self._work_hooks.append(hook)

    def on_events(self, hook: Callable[[set[str], set[str]], None]) -> None:
        """Call `hook(touched, finished)` in the loop when another process changed executions."""
        self._event_hooks.append(hook)

    def on_pending(self, hook: Callable[[set[str]], None]) -> None:
        """Call `hook(tenants)` in the loop when another process changed their pending intents."""
        self._pending_hooks.append(hook)

    def on_resync(self, hook: Callable[[], None]) -> None:
        """Call `hook` when notifications from other processes may have been missed."""
        self._resync_hooks.append(hook)

    def _resync(self) -> None:
        for hook in self._resync_hooks:
            hook()

    def _committed(self, commit: Commit) -> None:
        for hook in self._commit_hooks:
            hook(commit)

    def _on_work(self) -> None:
        for hook in self._work_hooks:
            hook()

    def _on_events(self, touched: set[str], finished: set[str]) -> None:
        for hook in self._event_hooks:
            hook(touched, finished)

    def _on_pending(self, tenants: set[str]) -> None:
        for hook in self._pending_hooks:
            hook(tenants)

    async def write(self, op: Callable[[Tx], T]) -> T:
        """Run a write operation in the next group commit."""
        return await self._writer.run(op)

    async def write_later(self, op: Callable[[Tx], Later[T]]) -> T:
        """Run a write operation whose result waits for its answer (`Tx.later`)."""
        # The writer finishes a `Later` before it resolves the caller's future.
        return cast(T, await self._writer.run(op))

    async def migration_status(self) -> tuple[str | None, str | None]:
        """(current revision, head revision)."""
        current = await asyncio.to_thread(_migrate.current_revision, self.dialect)
        return current, _migrate.head_revision()

    async def ping(self) -> float:
        """Round-trip a trivial query; return its latency in seconds."""
        start = time.perf_counter()
        await self.reader.rows("SELECT 1")
        return time.perf_counter() - start

    # Writes, named for what they do; each is atomic with its WAL entries.

    async def submit(
        self,
        new: NewExecution,
        owner: str | None,
        lease: float,
        inline: Inline = QUEUE_ORDER,
        quotas: QuotaLimits | None = None,
    ) -> tuple[ExecutionRow, bool]:
        """Record a new execution (within its tenant's quotas); see `_executions.submit`."""
        return await self.write(lambda tx: ex.submit(tx, new, owner, lease, inline, quotas))

    async def claim(
        self,
        owner: str,
        limit: int,
        lease: float,
        limits: Limits = NO_LIMITS,
        window: int = 0,
        max_running: int | None = None,
    ) -> list[ExecutionRow]:
        """Claim runnable executions (within running limits and caps); see `_claims.claim`."""
        return await self.write(
            lambda tx: _claims.claim(tx, owner, limit, lease, limits, window, max_running)
        )

    async def set_concurrency_limit(
        self, tenant_id: str, intent_type: str, max_running: int | None
    ) -> None:
        """Set or clear a tenant's running limit for an intent type; see `_queue.set_limit`."""
        await self.write(lambda tx: set_limit(tx, tenant_id, intent_type, max_running))

    async def concurrency_limits(self, tenant_id: str) -> list[tuple[str, int, float]]:
        """A tenant's overrides: (intent_type, max_running, updated_at), by intent type."""
        rows = await self.reader.rows(
            "SELECT intent_type, max_running, updated_at FROM concurrency_limits "
            "WHERE tenant_id = :t ORDER BY intent_type",
            {"t": tenant_id},
        )
        return [(str(r[0]), int(r[1]), float(r[2])) for r in rows]

    async def heartbeat(
        self, owner: str, ids: list[str], lease: float
    ) -> tuple[set[str], set[str]]:
        """Extend leases; see `_claims.heartbeat`."""
        return await self.write(lambda tx: _claims.heartbeat(tx, owner, ids, lease))

    async def finish(
        self,
        execution_id: str,
        owner: str,
        status: str,
        result: str | None = None,
        error: str | None = None,
    ) -> ExecutionRow | None:
        """Terminal transition; see `_executions.finish`."""
        return await self.write_later(
            lambda tx: finish(tx, execution_id, owner, status, result, error)
        )

    async def retry(self, execution_id: str, owner: str, error: str, delay: float) -> bool:
        """Schedule another attempt; see `_executions.retry`."""
        return await self.write(lambda tx: ex.retry(tx, execution_id, owner, error, delay))

    async def set_waiting(
        self,
        tenant_id: str,
        execution_id: str,
        owner: str,
        reason: Any,
        wake_on: list[str] | None = None,
        wake_on_state: str | None = None,
    ) -> bool:
        """Park an execution until resumed; see `_children.park` for the early wake-ups."""
        return await self.write(
            lambda tx: ch.park(
                tx, tenant_id, execution_id, owner, reason, wake_on or [], wake_on_state
            )
        )

    async def decide_approval(
        self,
        tenant_id: str,
        pending_id: str,
        *,
        approve: bool,
        decided_by: str | None,
        comment: str | None,
    ) -> PendingRow:
        """Record an approval decision and resume its waiting execution; see `_children`."""
        return await self.write(
            lambda tx: ch.decide(
                tx,
                tenant_id,
                pending_id,
                approve=approve,
                decided_by=decided_by,
                comment=comment,
            )
        )

    async def resume(self, tenant_id: str, execution_id: str) -> bool:
        """Make a waiting execution runnable; see `_executions.resume`."""
        return await self.write(lambda tx: ex.resume(tx, tenant_id, execution_id))

    async def cancel(self, tenant_id: str, execution_id: str) -> ExecutionRow:
        """Cancel or flag for cancellation; see `_executions.cancel`."""
        return await self.write(lambda tx: ex.cancel(tx, tenant_id, execution_id))

    async def emit(self, tenant_id: str, execution_id: str, kind: str, payload: Any) -> int:
        """Append an execution event; see `_executions.emit`."""
        return await self.write(lambda tx: ex.emit(tx, tenant_id, execution_id, kind, payload))

    async def record_usage(self, row: UsageRow) -> None:
        """Record one reasoning call's spend, stamped with the commit time, in the tenant's WAL."""
        await self.write(lambda tx: record_usage(tx, replace(row, created_at=tx.now)))

    @cached_property
    def identity(self) -> IdentityStore:
        """Tenants, users, tokens, API keys and invitations, read and written by name."""
        return IdentityStore(self)

    @cached_property
    def schedules(self) -> ScheduleStore:
        """Schedules: created, paused, claimed when due and fired, read by tenant."""
        return ScheduleStore(self)

    @cached_property
    def retention(self) -> RetentionStore:
        """Retention policies, legal holds, and the batched removals of retention runs."""
        return RetentionStore(self)

    @cached_property
    def quotas(self) -> QuotaStore:
        """Tenant quota overrides and storage accounting, read and written by name."""
        return QuotaStore(self)

    @cached_property
    def solutions(self) -> SolutionStore:
        """Composed solutions: versions added, read and deleted per tenant."""
        return SolutionStore(self)

    @cached_property
    def signals(self) -> SignalStore:
        """Signals to executions: send, take (consume or wait), time out."""
        return SignalStore(self)

    async def register_worker(self, worker_id: str, host: str, pid: int) -> None:
        """Record (or refresh) a live worker."""
        await self.write(lambda tx: rec_worker(tx, worker_id, host, pid))

    async def unregister_worker(self, worker_id: str) -> None:
        """Forget a worker that shut down cleanly."""
        await self.write(
            lambda tx: tx.q("DELETE FROM workers WHERE worker_id = :w", {"w": worker_id})
        )

    records = rec


def rec_worker(tx: Tx, worker_id: str, host: str, pid: int) -> None:
    """Upsert the worker's liveness row."""
    tx.q(
        "INSERT INTO workers (worker_id, host, pid, started_at, heartbeat_at) "
        "VALUES (:w, :h, :p, :now, :now) ON CONFLICT (worker_id) "
        "DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
        {"w": worker_id, "h": host, "p": pid, "now": tx.now},
    )


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Create a Store for `sqlite:///…` or `postgresql://…` (not yet opened)."""
    return Store(dialect_for(url), migrate=migrate)
