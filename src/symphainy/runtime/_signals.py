"""Signals as a handler sees them (`ctx.signals`), and the timer that ends timed-out waits.

A handler runs again from the top whenever its parked execution resumes, so every call here
is *keyed*: the n-th `wait`/`drain`/`poll` on a name in a run is consumer `<name>#<n>` (or the
`key` the caller gives). The store records what each consumer took, and a later run gets the
same answer: the signals it consumed then, or the same timeout. A signal is therefore consumed
exactly once however often the handler runs.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import NoReturn

from symphainy.config import Settings
from symphainy.contracts import SignalView, signal_name_error
from symphainy.errors import ExecutionSuspended, InvalidParameters, SignalTimeout, SymphainyError
from symphainy.runtime._events import wait_event
from symphainy.runtime._views import ts
from symphainy.store import SignalRow, Store, Taken, loads

log = logging.getLogger(__name__)
WAKE_BATCH = 500
"""Most timed-out waits the timer resumes per store transaction."""


def signal_view(row: SignalRow) -> SignalView:
    """A stored signal as callers and handlers see it."""
    return SignalView(
        signal_id=row.signal_id,
        execution_id=row.execution_id,
        name=row.name,
        payload=loads(row.payload),
        seq=row.seq,
        sent_by=row.sent_by,
        sent_at=ts(row.sent_at),
    )


class SignalTimer:
    """Resumes executions whose signal wait timed out, sleeping until the next deadline.

    Deadlines parked in this process wake it at once (`note`); deadlines parked by another
    process on the same PostgreSQL are found within `lease_seconds` (a crashed process's too).
    """

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store, self._settings = store, settings
        self._nudge = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def note(self, deadline: float | None) -> None:
        """A wait with this deadline just parked here: recompute when to wake."""
        if deadline is not None:
            self._nudge.set()

    def start(self) -> None:
        """Run the timer loop in this event loop."""
        self._task = asyncio.create_task(self._loop(), name="symphainy-signal-timer")

    async def stop(self) -> None:
        """Stop the loop."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _loop(self) -> None:
        cap = self._settings.lease_seconds
        while True:
            self._nudge.clear()
            try:
                while await self._store.signals.wake_due(WAKE_BATCH) == WAKE_BATCH:
                    pass  # more were due than one batch holds
                due = await self._store.signals.next_deadline()
            except SymphainyError:
                log.exception("signal timer failed; retrying in %.1fs", cap)
                due = None
            # A hair past the deadline, so the store's clock has passed it when we look again.
            delay = cap if due is None else min(cap, max(due - time.time(), 0.0) + 0.005)
            await wait_event(self._nudge, delay)


class BoundSignals:
    """`ctx.signals`: the signals sent to this execution, taken exactly once."""

    def __init__(self, store: Store, timer: SignalTimer, tenant_id: str, execution_id: str):
        self._store, self._timer = store, timer
        self._tenant, self._execution = tenant_id, execution_id
        self._calls: dict[str, int] = {}

    async def wait(
        self, name: str, timeout: float | None = None, *, key: str | None = None
    ) -> SignalView:
        """The next signal called `name`; park the execution as `waiting` until one arrives.

        A signal sent before this call is not lost: it is returned at once. Otherwise the
        execution parks (surviving restarts) and this handler runs again from the top when the
        signal arrives, where this same call returns it. With `timeout` (seconds, counted from
        the first call), raises `SignalTimeout` once it passes; catch it to go on without.
        """
        taken = await self._take(name, timeout, key)
        if taken.outcome == "signal":
            return signal_view(taken.signals[0])
        if taken.outcome == "timeout":
            _timed_out(name, timeout)
        self._timer.note(taken.deadline)
        raise ExecutionSuspended({"signal": name, "deadline": taken.deadline})

    async def poll(
        self, name: str, timeout: float | None = None, *, key: str | None = None
    ) -> SignalView | None:
        """Like `wait`, but None instead of parking.

        The wait stays open: a signal of this name resumes the execution once it parks for
        any reason (e.g. `wait_for_children`).
        """
        taken = await self._take(name, timeout, key)
        if taken.outcome == "signal":
            return signal_view(taken.signals[0])
        if taken.outcome == "timeout":
            _timed_out(name, timeout)
        self._timer.note(taken.deadline)
        return None

    async def drain(self, name: str, *, key: str | None = None) -> list[SignalView]:
        """Every signal called `name` not yet consumed, oldest first (none: an empty list)."""
        taken = await self._take(name, None, key, drain=True)
        return [signal_view(row) for row in taken.signals]

    async def _take(
        self, name: str, timeout: float | None, key: str | None, drain: bool = False
    ) -> Taken:
        problem = signal_name_error(name)
        if problem is None and timeout is not None and not (0 <= timeout < math.inf):
            problem = f"timeout must be a finite number of seconds >= 0, not {timeout}"
        if problem is not None:
            raise InvalidParameters(problem)
        count = self._calls[name] = self._calls.get(name, 0) + 1
        consumer = f"key:{key}" if key is not None else f"{name}#{count}"
        return await self._store.signals.take(
            self._tenant, self._execution, consumer, name, timeout, drain=drain
        )


def _timed_out(name: str, timeout: float | None) -> NoReturn:
    raise SignalTimeout(f"no signal {name!r} arrived within {timeout}s", signal=name)
