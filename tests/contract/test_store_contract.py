"""Execution lifecycle contract of the Store, run on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from symphainy.contracts import TERMINAL
from symphainy.errors import ExecutionNotFound, IllegalTransition, SessionNotFound
from symphainy.store import Store, open_store
from tests.contract._store_helpers import (
    TENANT_A,
    create_session,
    new_execution,
    submit,
)


async def kinds(store: Store, execution_id: str, tenant_id: str = TENANT_A) -> list[str]:
    return [e.kind for e in await store.events(tenant_id, execution_id)]


async def test_submit_claim_finish_lifecycle(store: Store) -> None:
    session_id = await create_session(store)
    row, deduped = await store.submit(new_execution(session_id=session_id), None, 30.0)
    assert (row.status, row.attempt, row.lease_owner, deduped) == ("created", 0, None, False)
    assert await store.get_execution(TENANT_A, row.execution_id) == row

    claimed = await store.claim("worker-1", 10, 30.0)
    assert [c.execution_id for c in claimed] == [row.execution_id]
    assert (claimed[0].status, claimed[0].attempt, claimed[0].lease_owner) == (
        "running",
        1,
        "worker-1",
    )
    assert await store.claim("worker-2", 10, 30.0) == []

    done = await store.finish(row.execution_id, "worker-1", "completed", result='{"ok": true}')
    assert done is not None
    stored = await store.get_execution(TENANT_A, row.execution_id)
    assert stored is not None
    assert stored.status == "completed"
    assert stored.status in TERMINAL
    assert stored.result_value == {"ok": True}
    assert stored.lease_owner is None
    assert stored.completed_at is not None
    assert await kinds(store, row.execution_id) == [
        "intent.received",
        "execution.created",
        "execution.started",
        "execution.completed",
    ]


async def test_submit_with_owner_starts_immediately(store: Store) -> None:
    row, _ = await store.submit(new_execution(), "worker-1", 30.0)
    assert (row.status, row.attempt, row.lease_owner) == ("running", 1, "worker-1")
    assert await store.claim("worker-2", 10, 30.0) == []
    events = await store.events(TENANT_A, row.execution_id)
    assert [(e.exec_seq, e.kind) for e in events] == [
        (1, "intent.received"),
        (2, "execution.created"),
        (3, "execution.started"),
    ]


async def test_event_sequence_numbers_are_per_execution_and_ordered(store: Store) -> None:
    first = await submit(store)
    second = await submit(store)
    await store.claim("w", 10, 30.0)
    for i in range(3):
        assert await store.emit(TENANT_A, first, "step.progress", {"i": i}) == 4 + i
    assert await store.emit(TENANT_A, second, "step.progress", {"i": 0}) == 4
    await store.finish(first, "w", "failed", error='{"type": "boom"}')

    events = await store.events(TENANT_A, first)
    assert [e.exec_seq for e in events] == list(range(1, 8))
    assert [orjson.loads(e.payload) for e in events[3:6]] == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert events[-1].kind == "execution.failed"
    assert [e.exec_seq for e in await store.events(TENANT_A, second)] == [1, 2, 3, 4]
    assert [e.exec_seq for e in await store.events(TENANT_A, first, after=5)] == [6, 7]
    assert [e.exec_seq for e in await store.events(TENANT_A, first, after=2, limit=2)] == [3, 4]


async def test_finish_by_a_non_owner_changes_nothing(store: Store) -> None:
    execution_id = await submit(store)
    await store.claim("owner", 1, 30.0)
    assert await store.finish(execution_id, "intruder", "completed") is None
    row = await store.get_execution(TENANT_A, execution_id)
    assert row is not None
    assert (row.status, row.lease_owner) == ("running", "owner")


async def test_idempotency_key_returns_the_original_row(store: Store) -> None:
    original, deduped = await store.submit(new_execution(idempotency_key="k1"), None, 30.0)
    assert not deduped
    again, deduped = await store.submit(
        new_execution(idempotency_key="k1", parameters='{"n": 2}'), None, 30.0
    )
    assert deduped
    assert again == original
    assert again.params == {"n": 1}
    # The same key in another tenant is a different request.
    other, deduped = await store.submit(new_execution("tenant-b", idempotency_key="k1"), None, 30.0)
    assert not deduped
    assert other.execution_id != original.execution_id
    _, total = await store.list_executions(TENANT_A)
    assert total == 1


async def test_concurrent_burst_with_one_idempotency_key_yields_one_execution(
    store: Store,
) -> None:
    results = await asyncio.gather(
        *(store.submit(new_execution(idempotency_key="burst"), None, 30.0) for _ in range(50))
    )
    assert len({row.execution_id for row, _ in results}) == 1
    assert sorted(deduped for _, deduped in results) == [False] + [True] * 49
    _, total = await store.list_executions(TENANT_A)
    assert total == 1


async def test_idempotency_across_two_store_instances(database_url: str) -> None:
    async with open_store(database_url) as one, open_store(database_url) as two:
        results = await asyncio.gather(
            *(
                s.submit(new_execution(idempotency_key="shared"), None, 30.0)
                for _ in range(10)
                for s in (one, two)
            )
        )
        assert len({row.execution_id for row, _ in results}) == 1
        _, total = await one.list_executions(TENANT_A)
        assert total == 1


async def test_submit_refuses_unknown_references(store: Store) -> None:
    with pytest.raises(SessionNotFound):
        await store.submit(new_execution(session_id="nope"), None, 30.0)
    with pytest.raises(ExecutionNotFound):
        await store.submit(new_execution(parent_execution_id="nope"), None, 30.0)
    assert await store.list_executions(TENANT_A) == ([], 0)


async def test_child_executions_are_listed_by_parent(store: Store) -> None:
    parent = await submit(store)
    children = {await submit(store, parent_execution_id=parent) for _ in range(2)}
    rows, total = await store.list_executions(TENANT_A, parent_execution_id=parent)
    assert total == 2
    assert {r.execution_id for r in rows} == children


async def test_a_cancelled_or_finished_parent_starts_no_new_children(store: Store) -> None:
    # A journey being cancelled must not gain steps the cancel already missed.
    running = await submit(store)
    await store.claim("w1", 1, 30.0)
    await store.cancel(TENANT_A, running)  # running: only flagged
    with pytest.raises(IllegalTransition, match="being cancelled"):
        await store.submit(new_execution(parent_execution_id=running), None, 30.0)
    idle = await submit(store)
    await store.cancel(TENANT_A, idle)  # not running: cancelled at once
    with pytest.raises(IllegalTransition, match="is cancelled") as info:
        await store.submit(new_execution(parent_execution_id=idle), "w1", 30.0)
    assert info.value.extra["current_status"] == "cancelled"
    for parent in (running, idle):
        assert await store.list_executions(TENANT_A, parent_execution_id=parent) == ([], 0)


async def test_expired_lease_is_reclaimed_then_fails_after_max_attempts(store: Store) -> None:
    execution_id = await submit(store, max_attempts=2)
    [first] = await store.claim("w1", 1, 0.05)
    assert first.attempt == 1
    await asyncio.sleep(0.15)

    [second] = await store.claim("w2", 1, 0.05)
    assert (second.execution_id, second.attempt, second.lease_owner) == (execution_id, 2, "w2")
    assert await store.finish(execution_id, "w1", "completed") is None  # w1 lost its lease
    await asyncio.sleep(0.15)

    assert await store.claim("w3", 1, 30.0) == []
    row = await store.get_execution(TENANT_A, execution_id)
    assert row is not None
    assert (row.status, row.attempt, row.lease_owner) == ("failed", 2, None)
    assert row.error_value is not None
    assert row.error_value["type"].endswith("/lease-expired")
    assert row.error_value["status"] == 500
    assert await kinds(store, execution_id) == [
        "intent.received",
        "execution.created",
        "execution.started",
        "execution.lease_expired",
        "execution.started",
        "execution.lease_expired",
        "execution.failed",
    ]


async def test_heartbeat_keeps_the_lease_and_reports_cancellation(store: Store) -> None:
    kept, flagged = await submit(store), await submit(store)
    await store.claim("w1", 10, 0.2)
    assert await store.heartbeat("w1", [kept, flagged], 30.0) == ({kept, flagged}, set())
    await store.cancel(TENANT_A, flagged)
    await asyncio.sleep(0.3)
    assert await store.claim("w2", 10, 30.0) == []
    assert await store.heartbeat("w1", [kept, flagged], 30.0) == ({kept, flagged}, {flagged})
    assert await store.heartbeat("w2", [kept], 30.0) == (set(), set())


async def test_retry_requeues_after_the_delay(store: Store) -> None:
    execution_id = await submit(store)
    await store.claim("w", 1, 30.0)
    assert await store.retry(execution_id, "w", '{"type": "transient"}', 0.5)
    assert await store.claim("w", 1, 30.0) == []
    await asyncio.sleep(0.6)
    [again] = await store.claim("w", 1, 30.0)
    assert again.attempt == 2
    assert "execution.retry_scheduled" in await kinds(store, execution_id)


async def test_waiting_execution_resumes(store: Store) -> None:
    execution_id = await submit(store)
    await store.claim("w", 1, 30.0)
    assert await store.set_waiting(TENANT_A, execution_id, "w", {"pending": "p1"})
    assert await store.claim("w", 1, 30.0) == []
    assert await store.resume(TENANT_A, execution_id)
    assert not await store.resume(TENANT_A, execution_id)  # no longer waiting
    [again] = await store.claim("w", 1, 30.0)
    assert again.execution_id == execution_id
    with pytest.raises(ExecutionNotFound):
        await store.resume("tenant-b", execution_id)


async def test_cancel_created_execution_cancels_it_now(store: Store) -> None:
    execution_id = await submit(store)
    row = await store.cancel(TENANT_A, execution_id)
    assert (row.status, row.cancel_requested) == ("cancelled", 1)
    assert await store.claim("w", 10, 30.0) == []
    assert (await kinds(store, execution_id))[-1] == "execution.cancelled"


async def test_cancel_running_execution_flags_it_once(store: Store) -> None:
    execution_id = await submit(store)
    await store.claim("w", 1, 30.0)
    row = await store.cancel(TENANT_A, execution_id)
    assert (row.status, row.cancel_requested) == ("running", 1)
    again = await store.cancel(TENANT_A, execution_id)
    assert again.event_seq == row.event_seq
    assert (await kinds(store, execution_id)).count("execution.cancel_requested") == 1
    assert await store.finish(execution_id, "w", "cancelled") is not None


async def test_cancel_completed_execution_is_illegal_and_changes_nothing(store: Store) -> None:
    execution_id = await submit(store)
    await store.claim("w", 1, 30.0)
    await store.finish(execution_id, "w", "completed", result="1")
    before = await store.get_execution(TENANT_A, execution_id)
    with pytest.raises(IllegalTransition):
        await store.cancel(TENANT_A, execution_id)
    assert await store.get_execution(TENANT_A, execution_id) == before
    with pytest.raises(ExecutionNotFound):
        await store.cancel(TENANT_A, "missing")


async def test_list_executions_filters_and_pages(store: Store) -> None:
    ids = [await submit(store, intent_type="a" if i % 2 else "b") for i in range(5)]
    page, total = await store.list_executions(TENANT_A, limit=2)
    assert total == 5
    assert len(page) == 2
    last = page[-1]
    rest, _ = await store.list_executions(
        TENANT_A, limit=10, after=(last.created_at, last.execution_id)
    )
    assert {r.execution_id for r in page + rest} == set(ids)
    _, only_a = await store.list_executions(TENANT_A, intent_type="a")
    assert only_a == 2
    await store.cancel(TENANT_A, ids[0])
    _, cancelled = await store.list_executions(TENANT_A, status="cancelled")
    assert cancelled == 1
