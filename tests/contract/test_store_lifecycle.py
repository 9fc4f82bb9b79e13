"""Opening and closing a store are not abandoned halfway by a cancellation (both stores)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from symphainy.store import open_store
from symphainy.store._threads import to_thread_to_the_end
from tests.contract._store_helpers import new_execution
from tests.threads import store_threads


async def test_a_close_cancelled_while_the_writer_drains_still_stops_everything(
    database_url: str,
) -> None:
    # A handler cancelled while closing a store it opened (as a run cancelled elsewhere is)
    # left the writer, and on PostgreSQL the listener, running after its test had ended.
    before = store_threads()
    store = open_store(database_url)
    await store.open()
    assert store_threads() - before  # the writer (and listener or checkpointer) run
    release, started = threading.Event(), threading.Event()

    def block(_tx: object) -> None:
        started.set()
        release.wait(10)

    held = asyncio.ensure_future(store.write(block))
    await asyncio.to_thread(started.wait, 10)
    new = new_execution()
    queued = asyncio.ensure_future(store.submit(new, None, 30.0))
    closing = asyncio.ensure_future(store.close())
    await asyncio.sleep(0.05)
    closing.cancel()
    await asyncio.sleep(0.05)
    closing.cancel()  # twice: a second cancellation must not cut it short either
    await asyncio.sleep(0.2)
    assert not closing.done()  # still draining the held write
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await closing
    assert store_threads() - before == set()
    await held  # the held write and the one queued behind it were committed, not dropped
    row, _ = await queued
    assert row.execution_id == new.execution_id


async def test_a_cancelled_caller_waits_for_the_work_then_is_cancelled() -> None:
    go, finished = threading.Event(), threading.Event()

    def work() -> int:
        go.wait(10)
        finished.set()
        return 1

    task = asyncio.ensure_future(to_thread_to_the_end(work))
    await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.sleep(0.1)
    assert not task.done()
    go.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert finished.is_set()


async def test_the_works_error_is_raised_or_becomes_the_cancellations_cause() -> None:
    def fails() -> None:
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        await to_thread_to_the_end(fails)
    assert await to_thread_to_the_end(lambda: 7) == 7

    go = threading.Event()

    def fails_later() -> None:
        go.wait(10)
        raise ValueError("broken late")

    task = asyncio.ensure_future(to_thread_to_the_end(fails_later))
    await asyncio.sleep(0.05)
    task.cancel()
    go.set()
    with pytest.raises(asyncio.CancelledError) as raised:
        await task
    assert isinstance(raised.value.__cause__, ValueError)
