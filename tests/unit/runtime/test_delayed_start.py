"""Delayed start on both stores: `scheduled` until `not_before`, then claimed at its time by a
worker that slept until then (no tick), cancellable meanwhile, exactly once among claimers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from symphainy.runtime import Runtime, SubmitIntent
from symphainy.runtime import _worker as worker_module
from symphainy.store import StatsQueries, Store, open_store
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import build_registry

T = "tenant-a"
SAFETY_NET = 60.0
"""poll_seconds in these tests: far longer than any wait here, so only due-time sleeping can
start a delayed execution on time."""


class Counted:
    """Counts the calls of one store method (the claim query) made through the instance."""

    def __init__(self, store: Store, name: str) -> None:
        self.calls = 0
        real = getattr(store, name)

        async def counting(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return await real(*args, **kwargs)

        setattr(store, name, counting)


async def until(check: Callable[[], bool | Awaitable[bool]], timeout: float = 15.0) -> None:
    """Wait for a condition (re-checked every few ms), failing after `timeout` seconds."""
    async with asyncio.timeout(timeout):
        while True:
            value = check()
            if value if isinstance(value, bool) else await value:
                return
            await asyncio.sleep(0.01)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every timeout the claim loop sleeps with, in order."""
    seen: list[float] = []
    real = worker_module.wait_event

    async def recording(event: asyncio.Event, timeout: float) -> bool:
        seen.append(timeout)
        return await real(event, timeout)

    monkeypatch.setattr(worker_module, "wait_event", recording)
    return seen


@pytest.fixture
async def rt(database_url: str, tmp_path: Path, sleeps: list[float]) -> Any:
    async with local_runtime(
        build_registry(), database_url=database_url, home=tmp_path, poll_seconds=SAFETY_NET
    ) as runtime:
        await until(lambda: len(sleeps) > 0)  # the claim loop found nothing and went to sleep
        yield runtime


async def test_starts_at_its_time_after_sleeping_until_then(
    rt: Runtime, sleeps: list[float]
) -> None:
    claims = Counted(rt.store, "claim")
    asleep = len(sleeps)
    not_before = time.time() + 1.5
    sub = await rt.submit(SubmitIntent(T, "add_one", {"x": 1}, not_before=not_before))
    waiting = await rt.get_execution(T, sub.execution_id)
    assert waiting.status == "scheduled"
    assert waiting.not_before is not None
    assert waiting.not_before.timestamp() == pytest.approx(not_before)
    assert waiting.started_at is None
    # The submit woke the loop, which went back to sleep until the due time, not a tick.
    await until(lambda: len(sleeps) > asleep)
    assert 0 < sleeps[asleep] <= 1.5
    final = await rt.wait(T, sub.execution_id, timeout=15)
    assert final.status == "completed"
    assert final.started_at is not None
    assert final.finished_at == final.completed_at
    # Measured from the store's own timestamps: never early, and within a second of its time.
    started = final.started_at.timestamp()
    assert not_before <= started < not_before + 1.0
    assert final.duration_seconds is not None
    assert final.duration_seconds >= 0
    assert claims.calls <= 4  # the submit's wake, the due time, a finished slot: no polling
    kinds = [e.kind for e in await rt.events(T, sub.execution_id)]
    assert kinds == [
        "intent.received",
        "execution.created",
        "execution.scheduled",
        "execution.started",
        "execution.completed",
    ]


async def test_an_idle_worker_sleeps_until_the_next_due_time_or_the_safety_net(
    rt: Runtime, sleeps: list[float]
) -> None:
    claims = Counted(rt.store, "claim")
    asleep = len(sleeps)
    await rt.submit(SubmitIntent(T, "add_one", {"x": 1}, not_before=time.time() + 3600))
    await until(lambda: len(sleeps) > asleep)
    # Due in an hour: the loop sleeps the whole safety net, not a polling tick.
    assert sleeps[-1] == SAFETY_NET
    # A sooner due time wakes it, and it sleeps exactly until that time.
    asleep, before = len(sleeps), claims.calls
    sooner = await rt.submit(SubmitIntent(T, "add_one", {"x": 2}, not_before=time.time() + 30))
    await until(lambda: len(sleeps) > asleep)
    assert 25 < sleeps[-1] <= 30
    assert claims.calls == before + 1  # one claim for the wake, none while asleep
    assert (await rt.get_execution(T, sooner.execution_id)).status == "scheduled"


async def test_cancelled_while_scheduled_never_runs(rt: Runtime) -> None:
    sub = await rt.submit(SubmitIntent(T, "add_one", {"x": 1}, not_before=time.time() + 3600))
    view = await rt.cancel(T, sub.execution_id)
    assert view.status == "cancelled"
    assert view.started_at is None
    assert view.duration_seconds is None
    assert await rt.store.next_due() is None  # nothing left for any worker to wake for
    kinds = [e.kind for e in await rt.events(T, sub.execution_id)]
    assert kinds[-2:] == ["execution.scheduled", "execution.cancelled"]


async def test_a_past_not_before_starts_at_once(rt: Runtime) -> None:
    past = time.time() - 60
    sub = await rt.submit(SubmitIntent(T, "add_one", {"x": 1}, not_before=past))
    final = await rt.wait(T, sub.execution_id, timeout=15)
    assert final.status == "completed"
    assert final.not_before is not None
    assert final.not_before.timestamp() == pytest.approx(past)
    assert "execution.scheduled" not in [e.kind for e in await rt.events(T, sub.execution_id)]


async def test_scheduled_is_listed_and_filtered(rt: Runtime) -> None:
    later = await rt.submit(SubmitIntent(T, "add_one", {"x": 1}, not_before=time.time() + 3600))
    now = await rt.submit(SubmitIntent(T, "add_one", {"x": 2}))
    await rt.wait(T, now.execution_id, timeout=15)
    page = await rt.list_executions(T, status="scheduled")
    assert [e.execution_id for e in page.executions] == [later.execution_id]
    queue = await StatsQueries(rt.store.reader).queue(T)
    assert (queue.delayed, queue.runnable, queue.oldest_created_at) == (1, 0, None)


async def test_a_due_scheduled_execution_is_claimed_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    # Workers on separate store connections race for one due execution: the claim's lock
    # (SKIP LOCKED on PostgreSQL, the single writer on SQLite) gives it to exactly one.
    async with local_runtime(
        build_registry(), database_url=database_url, home=tmp_path, workers_enabled=False
    ) as rt:
        soon = time.time() + 0.5
        subs = [
            await rt.submit(SubmitIntent(T, "add_one", {"x": i}, not_before=soon))
            for i in range(20)
        ]
        stores = [open_store(database_url) for _ in range(4)]
        for s in stores:
            await s.open()
        try:
            await until(lambda: time.time() > soon + 0.05)
            claimed = await asyncio.gather(
                *(s.claim(f"worker-{n}", 20, 30.0) for n, s in enumerate(stores))
            )
        finally:
            for s in stores:
                await s.close()
        ids = [row.execution_id for rows in claimed for row in rows]
        assert sorted(ids) == sorted(s.execution_id for s in subs)
        for sub in subs:
            kinds = [e.kind for e in await rt.events(T, sub.execution_id)]
            assert kinds.count("execution.started") == 1
