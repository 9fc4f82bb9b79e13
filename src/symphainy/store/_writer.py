"""Group commit: many callers' operations share one transaction on a dedicated thread."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol, TypeVar

from symphainy.errors import StoreUnavailable, SymphainyError
from symphainy.store._commit_stats import CommitRecorder
from symphainy.store._dialect import Dialect
from symphainy.store._listener import notify_statement
from symphainy.store._tx import Later, Tx, chain_drafts

T = TypeVar("T")
Op = Callable[[Tx], T]
log = logging.getLogger(__name__)

MAX_BATCH = 4096
SLOW_COMMIT = 0.25


@dataclass(slots=True)
class Commit:
    """What a committed group changed, for post-commit notification."""

    touched: set[str]
    finished: set[str]
    new_work: bool
    pending_tenants: set[str] = field(default_factory=set)
    """Tenants whose pending intents changed (see `Tx.pending_tenants`)."""


class CommitObserver(Protocol):
    """Traces group commits (the runtime's execution tracer, when tracing is on)."""

    def capture(self) -> object:
        """Called in the caller's task: what identifies the caller's trace (None: untraced)."""
        ...

    def committed(self, engine: str, traces: list[object], started_ns: int, ok: bool) -> None:
        """Called on the writer thread after a batch: every caller's capture, in order."""
        ...


@dataclass(slots=True)
class _Item:
    op: Op[Any]
    future: asyncio.Future[Any]
    trace: object = None


class GroupCommitter:
    """Runs write operations in batches: one transaction (and one fsync) per batch.

    While a batch commits, new operations queue up and form the next batch, so
    throughput approaches the database's commit rate times the batch size. `on_commit`
    is called in the event loop, after the batch's callers have their results.
    """

    def __init__(self, dialect: Dialect, on_commit: Callable[[Commit], None]) -> None:
        self._dialect = dialect
        self._on_commit = on_commit
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="symphainy-writer", daemon=True)
        self._conn: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._known_heads: set[str] = set()
        self.observer: CommitObserver | None = None
        """Set before `start` to trace commits; None (the default) costs one check per write."""
        self.stats = CommitRecorder()

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Open the writer connection and start the writer thread."""
        self._loop = loop
        self._conn = self._dialect.connect()
        if self._dialect.name == "sqlite":
            # Checkpoints run on their own thread (store/_checkpoint.py), not inside commits.
            self._conn.execute("PRAGMA wal_autocheckpoint=0")
        self._thread.start()

    def backend_pid(self) -> int | None:
        """The PostgreSQL backend serving the writer (to recognise our own NOTIFYs)."""
        info = getattr(self._conn, "info", None)
        return None if info is None else int(info.backend_pid)

    def stop(self) -> None:
        """Finish queued work, then close the connection."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def run(self, op: Op[T]) -> T:
        """Run `op` inside the next group transaction; return its result."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        observer = self.observer
        self._queue.put(_Item(op, future, None if observer is None else observer.capture()))
        return await future

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = self._drain(batch)
            self._commit(batch)
            if stop:
                return

    def _drain(self, batch: list[_Item]) -> bool:
        while len(batch) < MAX_BATCH:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return False
            if item is None:
                return True
            batch.append(item)
        return False

    def _commit(self, batch: list[_Item]) -> None:
        started = time.perf_counter()
        started_ns = 0 if self.observer is None else time.time_ns()
        try:
            outcomes, commit, commit_seconds = self._transaction(batch)
        except Exception as exc:
            self._safe_rollback()
            self.stats.failed()
            self._observe(batch, started_ns, ok=False)
            if len(batch) == 1:
                self._deliver([(batch[0].future, _as_store_error(exc))], None)
                return
            # One bad operation must not fail its neighbours: retry each on its own.
            for item in batch:
                self._commit([item])
            return
        elapsed = time.perf_counter() - started
        self.stats.committed(elapsed, commit_seconds, len(batch))
        if elapsed > SLOW_COMMIT:
            log.warning("slow group commit: %d operations took %.3fs", len(batch), elapsed)
        self._observe(batch, started_ns, ok=True)
        self._deliver(outcomes, commit)

    def _observe(self, batch: list[_Item], started_ns: int, ok: bool) -> None:
        if self.observer is not None:
            traces = [item.trace for item in batch]
            self.observer.committed(self._dialect.name, traces, started_ns, ok)

    def _transaction(self, batch: list[_Item]) -> tuple[list[tuple[Any, Any]], Commit, float]:
        with self._dialect.pipeline(self._conn) as pipeline:
            tx = Tx(self._dialect, self._conn, time.time(), known_heads=self._known_heads)
            tx.pipeline = pipeline
            self._dialect.begin(self._conn)
            outcomes = [self._apply(tx, item.future, partial(item.op, tx)) for item in batch]
            outcomes = self._settle(tx, outcomes)
            chain_drafts(tx)
            if self._dialect.supports_notify:
                notify = notify_statement(tx.new_work, tx.touched, tx.finished, tx.pending_tenants)
                if notify is not None:
                    tx.send(*notify)
            flushing = time.perf_counter()
            self._conn.commit()
            commit_seconds = time.perf_counter() - flushing
        for hook in tx.after_commit:
            hook()
        commit = Commit(tx.touched, tx.finished, tx.new_work, tx.pending_tenants)
        return outcomes, commit, commit_seconds

    @staticmethod
    def _apply(tx: Tx, future: Any, run: Callable[[], Any]) -> tuple[Any, Any]:
        mark = len(tx.drafts)
        try:
            return future, _Ok(run())
        except SymphainyError as exc:
            # Domain refusals are raised before an operation writes anything.
            del tx.drafts[mark:]
            return future, exc

    def _settle(self, tx: Tx, outcomes: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        """Finish the operations that wait for an answer (`Later`), after one round trip."""
        sent = tx.send_batches()
        if any(isinstance(o, _Ok) and isinstance(o.value, Later) for _, o in outcomes):
            tx.sync()
            outcomes = [
                self._apply(tx, f, o.value.finish)
                if isinstance(o, _Ok) and isinstance(o.value, Later)
                else (f, o)
                for f, o in outcomes
            ]
        tx.check_answered(sent)
        return outcomes

    def _safe_rollback(self) -> None:
        try:
            self._conn.rollback()
        except Exception:
            log.exception("rollback failed; reconnecting the writer")
            self._conn = self._dialect.connect()

    def _deliver(self, outcomes: list[tuple[Any, Any]], commit: Commit | None) -> None:
        # One wake-up of the loop per batch: commit hooks first, then the callers.
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._in_loop, outcomes, commit)

    def _in_loop(self, outcomes: list[tuple[Any, Any]], commit: Commit | None) -> None:
        # Callers first: a worker records a terminal row before waiters wake to look for it.
        _resolve_all(outcomes)
        if commit is not None:
            self._on_commit(commit)


@dataclass(slots=True)
class _Ok:
    value: Any


def _resolve_all(outcomes: list[tuple[asyncio.Future[Any], Any]]) -> None:
    for future, outcome in outcomes:
        if future.done():
            continue
        if isinstance(outcome, _Ok):
            future.set_result(outcome.value)
        else:
            future.set_exception(outcome)


def _as_store_error(exc: Exception) -> Exception:
    if isinstance(exc, SymphainyError):
        return exc
    return StoreUnavailable(f"write failed: {type(exc).__name__}: {exc}")
