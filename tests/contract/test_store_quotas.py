"""Tenant quotas in the store, on both engines: exact under concurrency, nothing half-written.

"Two nodes" are two Store objects over one database: two writer connections whose
transactions really interleave (PostgreSQL) or queue on the file lock (SQLite).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from symphainy.errors import QuotaExceeded
from symphainy.store import Inline, QuotaLimits, Store, open_store
from symphainy.store._tx import Tx
from tests.contract._store_helpers import TENANT_A, TENANT_B, new_execution, submit

NO_DEFAULTS = QuotaLimits()


@pytest.fixture
async def nodes(database_url: str) -> AsyncIterator[tuple[Store, Store]]:
    async with open_store(database_url) as one, open_store(database_url, migrate=False) as two:
        yield one, two


async def _submit_many(nodes: tuple[Store, Store], count: int) -> list[object]:
    """`count` concurrent top-level submissions of TENANT_A, alternating between the nodes."""

    async def one(i: int) -> object:
        try:
            row, _ = await nodes[i % 2].submit(new_execution(), None, 30.0, quotas=NO_DEFAULTS)
        except QuotaExceeded as exc:
            return exc
        return row

    return await asyncio.gather(*(one(i) for i in range(count)))


async def _executions(store: Store, tenant: str = TENANT_A) -> int:
    rows = await store.reader.rows(
        "SELECT COUNT(*) FROM executions WHERE tenant_id = :t", {"t": tenant}
    )
    return int(rows[0][0])


async def test_max_queued_admits_exactly_n_of_64_concurrent(nodes: tuple[Store, Store]) -> None:
    await nodes[0].quotas.set(TENANT_A, QuotaLimits(max_queued=5), "test")
    outcomes = await _submit_many(nodes, 64)
    refused = [o for o in outcomes if isinstance(o, QuotaExceeded)]
    assert len(refused) == 59
    assert await _executions(nodes[0]) == 5
    problem = refused[0].to_problem()
    assert problem["quota"] == "max_queued"
    assert (problem["limit"], problem["current"]) == (5, 5)
    assert "retry_after" not in problem  # a queue frees when work runs, not at a time
    # Another tenant is not touched by A's quota.
    await submit(nodes[1], TENANT_B)


async def test_per_minute_admits_exactly_n_and_names_the_reset(nodes: tuple[Store, Store]) -> None:
    # The count is per UTC clock minute: start well inside one so all 64 land in it.
    while time.time() % 60 > 45:
        await asyncio.sleep(0.5)
    await nodes[0].quotas.set(TENANT_A, QuotaLimits(max_submits_per_minute=7), "test")
    outcomes = await _submit_many(nodes, 64)
    refused = [o for o in outcomes if isinstance(o, QuotaExceeded)]
    assert len(refused) == 57
    assert await _executions(nodes[0]) == 7
    problem = refused[0].to_problem()
    assert problem["quota"] == "max_submits_per_minute"
    assert (problem["limit"], problem["current"]) == (7, 7)
    reset = (time.time() // 60 + 1) * 60
    assert problem["resets_at"].startswith(time.strftime("%Y-%m-%dT%H:%M:00", time.gmtime(reset)))
    assert 1 <= int(problem["retry_after"]) <= 60


async def test_refusal_writes_nothing_not_even_the_wal(store: Store) -> None:
    await store.quotas.set(TENANT_A, QuotaLimits(max_queued=1), "test")
    await submit(store, TENANT_A)
    before = await store.reader.rows(
        "SELECT COUNT(*) FROM wal WHERE tenant_id = :t", {"t": TENANT_A}
    )
    with pytest.raises(QuotaExceeded):
        await store.submit(new_execution(), None, 30.0, quotas=NO_DEFAULTS)
    after = await store.reader.rows(
        "SELECT COUNT(*) FROM wal WHERE tenant_id = :t", {"t": TENANT_A}
    )
    assert before == after
    assert await _executions(store) == 1


async def test_defaults_apply_and_overrides_win(store: Store) -> None:
    defaults = QuotaLimits(max_queued=2)
    parent, _ = await store.submit(new_execution(TENANT_B), None, 30.0, quotas=defaults)
    await store.submit(new_execution(TENANT_B), None, 30.0, quotas=defaults)
    with pytest.raises(QuotaExceeded):
        await store.submit(new_execution(TENANT_B), None, 30.0, quotas=defaults)
    # A child of admitted work is never refused (refusing a step would fail accepted work).
    child = new_execution(TENANT_B, parent_execution_id=parent.execution_id)
    await store.submit(child, None, 30.0, quotas=defaults)
    await store.quotas.set(TENANT_B, QuotaLimits(max_queued=4), "test")
    await store.submit(new_execution(TENANT_B), None, 30.0, quotas=defaults)
    with pytest.raises(QuotaExceeded):  # the child counts: 4 queued now
        await store.submit(new_execution(TENANT_B), None, 30.0, quotas=defaults)


async def test_claim_never_exceeds_a_running_cap(nodes: tuple[Store, Store]) -> None:
    for _ in range(6):
        await submit(nodes[0], TENANT_A)
    await submit(nodes[0], TENANT_B)
    await nodes[0].quotas.set(TENANT_A, QuotaLimits(max_running=2), "test")
    first, second = await asyncio.gather(
        nodes[0].claim("w1", 10, 30.0), nodes[1].claim("w2", 10, 30.0)
    )
    claimed = first + second
    assert sum(r.tenant_id == TENANT_A for r in claimed) == 2
    assert sum(r.tenant_id == TENANT_B for r in claimed) == 1  # B has no cap
    assert await nodes[0].claim("w1", 10, 30.0) == []  # A at its cap: its work waits
    done = next(r for r in claimed if r.tenant_id == TENANT_A)
    await nodes[0].finish(done.execution_id, done.lease_owner or "", "completed", "{}")
    again = await nodes[1].claim("w2", 10, 30.0)
    assert [r.tenant_id for r in again] == [TENANT_A]


async def test_default_running_cap_and_expired_leases_at_the_cap(store: Store) -> None:
    for _ in range(3):
        await submit(store, TENANT_A)
    claimed = await store.claim("w1", 10, 0.0, max_running=1)
    assert len(claimed) == 1
    # Its worker died (lease 0 s): at the cap, the run is still taken back by another worker.
    while not (retaken := await store.claim("w2", 10, 30.0, max_running=1)):
        await asyncio.sleep(0.01)
    assert [r.execution_id for r in retaken] == [claimed[0].execution_id]
    assert retaken[0].lease_owner == "w2"


async def test_submit_claims_only_below_the_running_cap(store: Store) -> None:
    caps = QuotaLimits(max_running=1)
    first, _ = await store.submit(new_execution(), "w1", 30.0, quotas=caps)
    assert first.status == "running"
    second, _ = await store.submit(new_execution(), "w1", 30.0, quotas=caps)
    assert (second.status, second.lease_owner) == ("created", None)  # queued, not refused
    with pytest.raises(QuotaExceeded) as info:  # secrets cannot wait in the queue
        await store.submit(new_execution(), "w1", 30.0, Inline(required=True), caps)
    assert info.value.to_problem()["quota"] == "max_running"


async def test_storage_charges_are_exact_and_refunds_floor_at_zero(store: Store) -> None:
    await store.quotas.set(TENANT_A, QuotaLimits(storage_bytes=100), "test")
    outcomes = await asyncio.gather(
        *(store.quotas.charge_storage(TENANT_A, 30, f"blob://{i}", None) for i in range(5)),
        return_exceptions=True,
    )
    assert sum(isinstance(o, QuotaExceeded) for o in outcomes) == 2
    assert (await store.quotas.get(TENANT_A)).storage_used == 90
    assert await store.quotas.refund_storage(TENANT_A, 500, "blob://old") == 0
    kinds = await store.reader.rows(
        "SELECT kind FROM wal WHERE tenant_id = :t ORDER BY seq", {"t": TENANT_A}
    )
    assert [k[0] for k in kinds].count("storage.charged") == 3


async def test_a_per_minute_limit_set_mid_minute_counts_earlier_submits(store: Store) -> None:
    while time.time() % 60 > 50:  # all of it inside one UTC clock minute
        await asyncio.sleep(0.5)
    for _ in range(3):  # no limit yet: the tenant row keeps no count
        await store.submit(new_execution(), None, 30.0, quotas=NO_DEFAULTS)
    await store.quotas.set(TENANT_A, QuotaLimits(max_submits_per_minute=4), "test")
    await store.submit(new_execution(), None, 30.0, quotas=NO_DEFAULTS)
    with pytest.raises(QuotaExceeded) as info:
        await store.submit(new_execution(), None, 30.0, quotas=NO_DEFAULTS)
    assert info.value.to_problem()["current"] == 4


async def test_a_limit_set_inside_a_group_commit_applies_to_the_next_submit_in_it(
    store: Store,
) -> None:
    # A group commit remembers that a tenant has no quota (one read per burst, not per
    # submit); setting one in the same transaction must make the next submit read it again.
    from symphainy.store._executions import submit as submit_in
    from symphainy.store._quotas import set_overrides

    def op(tx: Tx) -> QuotaExceeded | None:
        submit_in(tx, new_execution(), None, 30.0, quotas=NO_DEFAULTS)
        set_overrides(tx, TENANT_A, QuotaLimits(max_queued=1), "test")
        try:
            submit_in(tx, new_execution(), None, 30.0, quotas=NO_DEFAULTS)
        except QuotaExceeded as exc:
            return exc
        return None

    refused = await store.write(op)
    assert refused is not None
    assert refused.to_problem()["quota"] == "max_queued"
    assert await _executions(store) == 1
