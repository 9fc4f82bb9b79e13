"""The per-tenant hash-chained WAL and group commit."""

from __future__ import annotations

import asyncio
import threading
import time

import orjson

from symphainy.errors import SessionNotFound, StoreUnavailable
from symphainy.store import GENESIS, Commit, Store, open_store
from symphainy.store import _records as records
from tests.contract._store_helpers import (
    TENANT_A,
    TENANT_B,
    append_event,
    create_pending,
    create_session,
    first_broken_seq,
    full_wal,
    new_execution,
    raw_execute,
    register_artifact,
    submit,
)


def count_commits(store: Store) -> list[Commit]:
    commits: list[Commit] = []
    store.on_commit(commits.append)
    return commits


async def hold_writer(store: Store, seconds: float) -> asyncio.Future[None]:
    """Occupy the writer thread so that what is queued next lands in one batch."""
    started = threading.Event()

    def block(_tx: object) -> None:
        started.set()
        time.sleep(seconds)

    blocker = asyncio.ensure_future(store.write(block))
    await asyncio.to_thread(started.wait)
    return blocker


async def test_every_write_is_logged_and_the_chain_verifies(store: Store) -> None:
    session_id = await create_session(store)
    execution_id = await submit(store, session_id=session_id)
    await store.claim("w", 1, 30.0)
    await store.emit(TENANT_A, execution_id, "step.progress", {"pct": 50})
    await store.finish(execution_id, "w", "completed", result="1")
    artifact_id = await register_artifact(store)
    await store.write(
        lambda tx: records.update_artifact(tx, TENANT_A, artifact_id, to_state="READY")
    )
    await store.write(lambda tx: records.put_state(tx, TENANT_A, "global", "-", "k", "1", None))
    await store.write(lambda tx: records.delete_state(tx, TENANT_A, "global", "-", "k"))
    await create_pending(store, target=artifact_id)
    await store.write(lambda tx: records.append_event(tx, TENANT_A, "audit.note", {"n": 1}))

    rows = await full_wal(store, TENANT_A)
    assert [r.kind for r in rows] == [
        "session.created",
        "intent.received",
        "execution.created",
        "execution.started",
        "step.progress",
        "execution.completed",
        "artifact.registered",
        "artifact.transitioned",
        "state.written",
        "state.deleted",
        "pending.created",
        "audit.note",
    ]
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    assert first_broken_seq(rows) is None
    assert await store.wal_head(TENANT_A) == (rows[-1].seq, rows[-1].hash)
    assert orjson.loads(rows[4].payload) == {"pct": 50}


async def test_chains_are_independent_per_tenant(store: Store) -> None:
    for tenant in (TENANT_A, TENANT_B, TENANT_A):
        await submit(store, tenant)
    a, b = await full_wal(store, TENANT_A), await full_wal(store, TENANT_B)
    assert [r.seq for r in a] == [1, 2, 3, 4]
    assert [r.seq for r in b] == [1, 2]
    assert first_broken_seq(a) is None
    assert first_broken_seq(b) is None
    assert b[0].prev_hash == GENESIS


async def test_one_commit_for_two_tenants_advances_both_chains(store: Store) -> None:
    # A small group commit writes its entries in one statement: with two tenants in it,
    # both heads must move, each chain staying unbroken.
    await submit(store, TENANT_A)
    commits = count_commits(store)
    blocker = await hold_writer(store, 0.3)
    queued = [asyncio.ensure_future(submit(store, t)) for t in (TENANT_A, TENANT_B, TENANT_A)]
    await blocker
    await asyncio.gather(*queued)
    assert len(commits) == 2  # the blocker's, then all three submits together
    a, b = await full_wal(store, TENANT_A), await full_wal(store, TENANT_B)
    assert [r.seq for r in a] == [1, 2, 3, 4, 5, 6]
    assert [r.seq for r in b] == [1, 2]
    assert first_broken_seq(a) is None
    assert first_broken_seq(b) is None
    await submit(store, TENANT_B)  # the head moved: the next entry chains on
    b = await full_wal(store, TENANT_B)
    assert [r.seq for r in b] == [1, 2, 3, 4]
    assert first_broken_seq(b) is None


async def test_wal_page_pages_in_chain_order(store: Store) -> None:
    for _ in range(5):
        await submit(store)
    first = await store.wal_page(TENANT_A, limit=4)
    rest = await store.wal_page(TENANT_A, after=first[-1].seq, limit=100)
    assert [r.seq for r in first + rest] == list(range(1, 11))


async def test_tampered_payload_breaks_the_chain_at_that_seq(
    store: Store, database_url: str
) -> None:
    for _ in range(3):
        await submit(store)
    rows = await full_wal(store, TENANT_A)
    assert first_broken_seq(rows) is None
    changed = raw_execute(
        database_url,
        "UPDATE wal SET payload = :p WHERE tenant_id = :t AND seq = 4",
        {"p": '{"status": "forged"}', "t": TENANT_A},
    )
    assert changed == 1
    assert first_broken_seq(await full_wal(store, TENANT_A)) == 4


async def test_deleted_entry_breaks_the_chain(store: Store, database_url: str) -> None:
    for _ in range(3):
        await submit(store)
    raw_execute(database_url, "DELETE FROM wal WHERE tenant_id = :t AND seq = 5", {"t": TENANT_A})
    assert first_broken_seq(await full_wal(store, TENANT_A)) == 6


async def test_group_commit_500_concurrent_submits(store: Store) -> None:
    commits = count_commits(store)
    results = await asyncio.gather(*(store.submit(new_execution(), None, 30.0) for _ in range(500)))
    assert len({row.execution_id for row, _ in results}) == 500
    rows = await full_wal(store, TENANT_A)
    assert [r.seq for r in rows] == list(range(1, 1001))
    assert first_broken_seq(rows) is None
    assert await store.wal_head(TENANT_A) == (1000, rows[-1].hash)
    assert len(commits) < 500, "writes were not grouped"
    _, total = await store.list_executions(TENANT_A)
    assert total == 500


async def test_domain_error_in_a_batch_does_not_fail_its_neighbours(store: Store) -> None:
    commits = count_commits(store)
    blocker = await hold_writer(store, 0.2)
    good = [new_execution() for _ in range(10)]
    bad = new_execution(session_id="no-such-session")
    ops = [store.submit(n, None, 30.0) for n in good[:5]]
    ops += [store.submit(bad, None, 30.0)]
    ops += [store.submit(n, None, 30.0) for n in good[5:]]
    results = await asyncio.gather(*ops, return_exceptions=True)
    await blocker

    assert isinstance(results[5], SessionNotFound)
    assert all(not isinstance(r, BaseException) for i, r in enumerate(results) if i != 5)
    assert len(commits) == 2, "the ten submits and the refusal shared one transaction"
    assert await store.get_execution(TENANT_A, bad.execution_id) is None
    rows = await full_wal(store, TENANT_A)
    assert [r.seq for r in rows] == list(range(1, 21))
    assert first_broken_seq(rows) is None


async def test_database_error_in_a_batch_is_isolated(store: Store) -> None:
    taken = await submit(store)
    blocker = await hold_writer(store, 0.2)
    good = [new_execution() for _ in range(6)]
    clash = new_execution(execution_id=taken)  # primary-key violation: aborts the transaction
    ops = [store.submit(n, None, 30.0) for n in good[:3]]
    ops += [store.submit(clash, None, 30.0)]
    ops += [store.submit(n, None, 30.0) for n in good[3:]]
    results = await asyncio.gather(*ops, return_exceptions=True)
    await blocker

    assert isinstance(results[3], StoreUnavailable)
    assert all(not isinstance(r, BaseException) for i, r in enumerate(results) if i != 3)
    for n in good:
        assert await store.get_execution(TENANT_A, n.execution_id) is not None
    rows = await full_wal(store, TENANT_A)
    assert [r.seq for r in rows] == list(range(1, 15))
    assert first_broken_seq(rows) is None


async def test_unexpected_exception_in_an_op_fails_only_that_op(store: Store) -> None:
    blocker = await hold_writer(store, 0.2)

    def explode(_tx: object) -> None:
        raise RuntimeError("bug in an operation")

    fine = store.submit(new_execution(), None, 30.0)
    results = await asyncio.gather(fine, store.write(explode), return_exceptions=True)
    await blocker
    assert not isinstance(results[0], BaseException)
    assert isinstance(results[1], StoreUnavailable)
    assert "bug in an operation" in str(results[1])


async def test_two_stores_share_one_chain(database_url: str) -> None:
    async with open_store(database_url) as one, open_store(database_url) as two:
        await asyncio.gather(
            *(s.submit(new_execution(), None, 30.0) for _ in range(50) for s in (one, two))
        )
        rows = await full_wal(one, TENANT_A)
    assert [r.seq for r in rows] == list(range(1, 201))
    assert first_broken_seq(rows) is None


async def test_commit_hook_reports_touched_executions_and_new_work(store: Store) -> None:
    commits = count_commits(store)
    execution_id = await submit(store)
    assert commits[-1].new_work
    assert execution_id in commits[-1].touched
    await store.write(lambda tx: records.put_state(tx, TENANT_A, "global", "-", "k", "1", None))
    assert (commits[-1].new_work, commits[-1].touched) == (False, set())


async def test_payloads_round_trip_canonically(store: Store) -> None:
    payloads = [{"unicode": "héllo ✓", "a": 1}, {"nested": [1, {"b": None}], "f": 0.1}]
    for payload in payloads:
        await append_event(store, TENANT_A, "note", payload)
    rows = await store.wal_page(TENANT_A)
    assert [orjson.loads(r.payload) for r in rows] == payloads
    assert rows[0].payload.index('"a"') < rows[0].payload.index('"unicode"')  # sorted keys
    assert first_broken_seq(rows) is None
