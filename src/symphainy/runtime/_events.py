"""EventHub: wakes followers and waiters when executions, or pending intents, change."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

from symphainy.store import ExecutionRow

FINAL_CACHE = 8192


async def wait_event(event: asyncio.Event, timeout: float) -> bool:
    """Wait for `event` at most `timeout` seconds; True if it was set.

    `asyncio.timeout` rather than `wait_for`: on Python 3.11 `wait_for` can swallow a
    cancellation that arrives as the inner wait completes, leaving loops uncancellable.
    """
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        return False
    return True


class _Watchers:
    """asyncio.Events keyed by id (an execution's, or a tenant's for its pending intents)."""

    def __init__(self) -> None:
        self._by_id: dict[str, set[asyncio.Event]] = {}

    @contextmanager
    def watch(self, execution_id: str) -> Iterator[asyncio.Event]:
        event = asyncio.Event()
        self._by_id.setdefault(execution_id, set()).add(event)
        try:
            yield event
        finally:
            group = self._by_id[execution_id]
            group.discard(event)
            if not group:
                del self._by_id[execution_id]

    def wake(self, ids: Iterable[str]) -> None:
        for execution_id in ids:
            for event in self._by_id.get(execution_id, ()):
                event.set()

    def wake_all(self) -> None:
        self.wake(list(self._by_id))


class EventHub:
    """In-process fan-out, fed by local commits and (on PostgreSQL) other processes' NOTIFYs.

    Followers wake on any new event of an execution; waiters only when it turns terminal;
    pending watchers when a pending intent of their tenant is created or moves.
    Terminal rows the local worker produced are kept in a bounded cache so a waiter that
    arrives just after completion needs no read.
    """

    def __init__(self) -> None:
        self._followers = _Watchers()
        self._waiters = _Watchers()
        self._pending = _Watchers()
        self._final: OrderedDict[str, ExecutionRow] = OrderedDict()

    def follow(self, execution_id: str) -> AbstractContextManager[asyncio.Event]:
        """Context manager: an event set whenever the execution has new events."""
        return self._followers.watch(execution_id)

    def await_terminal(self, execution_id: str) -> AbstractContextManager[asyncio.Event]:
        """Context manager: an event set when the execution may have become terminal."""
        return self._waiters.watch(execution_id)

    def watch_pending(self, tenant_id: str) -> AbstractContextManager[asyncio.Event]:
        """Context manager: an event set whenever the tenant's pending intents may have changed."""
        return self._pending.watch(tenant_id)

    def pending_changed(self, tenants: Iterable[str]) -> None:
        """Pending intents of `tenants` were created or moved (here or in another process)."""
        self._pending.wake(tenants)

    def committed(self, touched: set[str], finished: set[str]) -> None:
        """Executions changed (`finished` ones reached a terminal state)."""
        self._followers.wake(touched)
        self._waiters.wake(finished)

    def resync(self) -> None:
        """Notifications may have been lost (listener reconnect): wake everyone to re-read."""
        self._followers.wake_all()
        self._waiters.wake_all()
        self._pending.wake_all()

    def finished(self, row: ExecutionRow) -> None:
        """Remember a terminal row this process produced."""
        self._final[row.execution_id] = row
        if len(self._final) > FINAL_CACHE:
            self._final.popitem(last=False)
        # A waiter that looked while this worker still owned the execution skipped its read.
        self._waiters.wake((row.execution_id,))

    def final(self, execution_id: str) -> ExecutionRow | None:
        """The terminal row, if this process produced it recently."""
        return self._final.get(execution_id)
