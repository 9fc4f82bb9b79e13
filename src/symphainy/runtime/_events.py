"""EventHub: wakes local waiters and stream followers when an execution changes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from symphainy.store import ExecutionRow


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


class EventHub:
    """In-process fan-out of "execution X has new events"; fed by local and remote commits."""

    def __init__(self) -> None:
        self._watchers: dict[str, set[asyncio.Event]] = {}
        self._final: dict[str, ExecutionRow] = {}

    @contextmanager
    def watch(self, execution_id: str) -> Iterator[asyncio.Event]:
        """An event set whenever `execution_id` changes, for the duration of the block."""
        event = asyncio.Event()
        self._watchers.setdefault(execution_id, set()).add(event)
        try:
            yield event
        finally:
            group = self._watchers.get(execution_id)
            if group is not None:
                group.discard(event)
                if not group:
                    del self._watchers[execution_id]
                    self._final.pop(execution_id, None)

    def notify(self, ids: set[str]) -> None:
        """Wake the watchers of these executions."""
        for execution_id in ids:
            for event in self._watchers.get(execution_id, ()):
                event.set()

    def finished(self, row: ExecutionRow) -> None:
        """Hand a terminal row straight to local waiters (saves them a read)."""
        if row.execution_id in self._watchers:
            self._final[row.execution_id] = row
            self.notify({row.execution_id})

    def final(self, execution_id: str) -> ExecutionRow | None:
        """The terminal row a local worker delivered, if any."""
        return self._final.get(execution_id)
