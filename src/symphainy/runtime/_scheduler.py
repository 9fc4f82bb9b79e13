"""The scheduler: a runtime process's loop that fires due schedules through the submit path.

It sleeps until the soonest due time or a wake-up (a schedule created or resumed here, another
process's notification, a run of a buffering schedule finishing); no busy polling. When due,
it claims schedules under lock with a lease (`Store.schedules.claim`), plans each one's runs
by its catch-up and overlap policies, submits them with keys derived from (schedule, due time)
and records what it did. Several runtime processes on one PostgreSQL each run one; the lock
and the lease give every due time to one of them, and the keys make a repeat after a crash
harmless.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable

from symphainy.config import Settings
from symphainy.contracts import SubmitIntentResponse
from symphainy.errors import SymphainyError
from symphainy.runtime._events import wait_event
from symphainy.runtime._schedule_times import Limits, Plan, plan
from symphainy.runtime._schedules import run_request
from symphainy.runtime._submit import SubmitIntent
from symphainy.store import Claimed, Fired, Store, dumps

log = logging.getLogger(__name__)
Submit = Callable[[SubmitIntent], Awaitable[SubmitIntentResponse]]


class Scheduler:
    """Fires this tenant-agnostic store's due schedules from one process."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        submit: Submit,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store, self._settings, self._submit, self._clock = store, settings, submit, clock
        self.owner = f"scheduler:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._limits = Limits(
            settings.schedule_misfire_grace_seconds, settings.schedule_max_catchup_runs
        )
        self._wake = asyncio.Event()
        self._buffered = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the loop."""
        self._task = asyncio.create_task(self._loop(), name="symphainy-scheduler")

    async def stop(self) -> None:
        """Stop the loop (a schedule being fired keeps its lease, which lapses)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def wake(self) -> None:
        """Look at the schedules now (one was created, resumed or changed elsewhere)."""
        self._wake.set()

    def finished(self, execution_ids: set[str]) -> None:
        """Executions ended: a buffered run may now start."""
        if execution_ids and self._buffered:
            self._wake.set()

    async def _loop(self) -> None:
        cap = self._settings.schedule_idle_recheck_seconds
        while True:
            self._wake.clear()
            try:
                if await self._fire_due():
                    continue  # more may be due (a full batch, or due while firing)
                wake_at = await self._store.schedules.next_wake(self._clock())
                self._buffered = await self._store.schedules.any_buffered()
            except SymphainyError:
                log.exception("the scheduler could not read the store; trying again")
                wake_at = None
            delay = cap if wake_at is None else min(max(wake_at - self._clock(), 0.0), cap)
            await wait_event(self._wake, delay)

    async def _fire_due(self) -> bool:
        settings = self._settings
        claimed = await self._store.schedules.claim(
            self.owner, settings.schedule_claim_batch, settings.lease_seconds
        )
        # Concurrently: the submits and records of a batch share group commits.
        await asyncio.gather(*(self._fire(c) for c in claimed))
        return bool(claimed)

    async def _fire(self, claimed: Claimed) -> None:
        row = claimed.row
        todo = plan(row, claimed.busy, self._clock(), self._limits)
        runs, error = await self._submit_runs(claimed, todo)
        done = Fired(runs, todo.skipped, todo.missed, todo.buffered_due, todo.next_due, error)
        if not await self._store.schedules.fired(row, self.owner, done):
            log.info("schedule %s was deleted while it fired", row.schedule_id)

    async def _submit_runs(
        self, claimed: Claimed, todo: Plan
    ) -> tuple[dict[float, str], str | None]:
        runs: dict[float, str] = {}
        error = None
        for due in todo.fire:
            try:
                response = await self._submit(run_request(claimed.row, due))
            except SymphainyError as exc:
                # Recorded on the schedule and in the WAL; the due time is not retried.
                log.warning(
                    "schedule %s: its run for %s was refused: %s", claimed.row.schedule_id, due, exc
                )
                error = dumps(exc.to_problem())
                continue
            runs[due] = response.execution_id
        return runs, error
