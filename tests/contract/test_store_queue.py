"""The queue's order and admission in the Store (priorities, tenants round-robin, running
limits, the inline claim at submit), run on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from symphainy.errors import RateLimited
from symphainy.store import Inline, Store
from symphainy.store._claims import claim as claim_in
from symphainy.store._executions import submit as submit_in
from symphainy.store._queue import set_limit
from symphainy.store._tx import Tx
from tests.contract._store_helpers import TENANT_A, TENANT_B, new_execution, submit

LEASE = 30.0


async def claim_ids(store: Store, n: int, limits: dict[str, int] | None = None) -> list[str]:
    rows = await store.claim("worker-1", n, LEASE, limits or {})
    return [r.execution_id for r in rows]


async def test_higher_priority_is_claimed_first(store: Store) -> None:
    low = await submit(store, priority=-5)
    default = await submit(store)
    high = await submit(store, priority=10)
    assert await claim_ids(store, 1) == [high]
    assert await claim_ids(store, 5) == [default, low]


async def test_the_claim_records_the_priority(store: Store) -> None:
    eid = await submit(store, priority=7)
    row = await store.get_execution(TENANT_A, eid)
    assert row is not None
    assert row.priority == 7
    (claimed,) = await store.claim("worker-1", 1, LEASE)
    assert claimed.priority == 7


async def test_a_burst_does_not_starve_another_tenants_single_intent(store: Store) -> None:
    burst = [await submit(store, TENANT_A) for _ in range(40)]
    first = await claim_ids(store, 3)
    assert first == burst[:3]  # one tenant alone: first in, first out
    single = await submit(store, TENANT_B)
    # B's one intent queues right behind the head of A's line, not behind all 37 left (it
    # may tie with A's next one).
    assert single in await claim_ids(store, 3)


async def test_tenants_take_turns_within_a_priority(store: Store) -> None:
    a = [await submit(store, TENANT_A) for _ in range(6)]
    b = [await submit(store, TENANT_B) for _ in range(6)]
    order = await claim_ids(store, 12)
    assert sorted(order) == sorted(a + b)
    tenants = ["A" if i in a else "B" for i in order]
    # Turns: every prefix is within two of even (B's first intent ties with A's second).
    for n in range(1, 13):
        assert abs(tenants[:n].count("A") - tenants[:n].count("B")) <= 2, tenants


async def test_priority_beats_fairness(store: Store) -> None:
    for _ in range(5):
        await submit(store, TENANT_A, priority=1)
    low_b = await submit(store, TENANT_B)
    order = await claim_ids(store, 6)
    assert order[-1] == low_b


async def test_a_running_limit_holds_back_the_rest_in_order(store: Store) -> None:
    limited = [await submit(store, intent_type="x.limited") for _ in range(5)]
    free = await submit(store, intent_type="x.free")
    limits = {"x.limited": 2}
    assert await claim_ids(store, 10, limits) == [limited[0], limited[1], free]
    assert await claim_ids(store, 10, limits) == []
    assert await store.finish(limited[0], "worker-1", "completed", result="null") is not None
    assert await claim_ids(store, 10, limits) == [limited[2]]


async def test_the_limit_counts_per_tenant(store: Store) -> None:
    a = [await submit(store, TENANT_A, intent_type="x.limited") for _ in range(2)]
    b = [await submit(store, TENANT_B, intent_type="x.limited") for _ in range(2)]
    claimed = await claim_ids(store, 10, {"x.limited": 1})
    assert sorted(claimed) == sorted([a[0], b[0]])


async def test_a_tenant_override_replaces_the_registered_limit(store: Store) -> None:
    ids = [await submit(store, TENANT_A, intent_type="x.limited") for _ in range(4)]
    other = [await submit(store, TENANT_B, intent_type="x.limited") for _ in range(4)]
    await store.set_concurrency_limit(TENANT_A, "x.limited", 3)
    claimed = await claim_ids(store, 10, {"x.limited": 1})
    assert sorted(claimed) == sorted(ids[:3] + other[:1])
    assert [(t, n) for t, n, _ in await store.concurrency_limits(TENANT_A)] == [("x.limited", 3)]
    assert await store.concurrency_limits(TENANT_B) == []
    await store.set_concurrency_limit(TENANT_A, "x.limited", None)
    assert await store.concurrency_limits(TENANT_A) == []


async def test_an_override_is_in_the_wal(store: Store) -> None:
    await store.set_concurrency_limit(TENANT_A, "x.limited", 3)
    entries = await store.wal_page(TENANT_A)
    assert (entries[-1].kind, orjson.loads(entries[-1].payload)) == (
        "concurrency_limit.set",
        {"intent_type": "x.limited", "max_running": 3},
    )


async def test_submit_claims_inline_only_in_its_turn(store: Store) -> None:
    row, _ = await store.submit(new_execution(), "worker-1", LEASE)
    assert row.lease_owner == "worker-1"  # nothing queued
    mine = await submit(store, TENANT_A)
    row, _ = await store.submit(new_execution(), "worker-1", LEASE)
    assert (row.status, row.lease_owner) == ("created", None)  # behind A's own queued one
    other, _ = await store.submit(new_execution(TENANT_B), "worker-1", LEASE)
    assert other.lease_owner == "worker-1"  # B's turn: it would queue right behind the head
    await submit(store, TENANT_B, priority=1)
    low, _ = await store.submit(new_execution("tenant-c"), "worker-1", LEASE)
    assert low.lease_owner is None  # higher-priority work waits
    higher, _ = await store.submit(new_execution(priority=5), "worker-1", LEASE)
    assert higher.lease_owner == "worker-1"  # nothing of a higher priority waits
    assert (await claim_ids(store, 2))[1] == mine


async def test_submit_does_not_claim_inline_past_the_limit(store: Store) -> None:
    inline = Inline({"x.limited": 1})
    first, _ = await store.submit(new_execution(intent_type="x.limited"), "w", LEASE, inline)
    assert first.lease_owner == "w"
    second, _ = await store.submit(new_execution(intent_type="x.limited"), "w", LEASE, inline)
    assert second.lease_owner is None
    must = Inline({"x.limited": 1}, required=True)
    with pytest.raises(RateLimited):
        await store.submit(new_execution(intent_type="x.limited"), "w", LEASE, must)
    assert len(await store.claim("w", 10, LEASE)) == 1  # nothing half-written


async def _tags(store: Store, ids: list[str]) -> list[int]:
    rows = [await store.get_execution(TENANT_A, i) for i in ids]
    return [r.fair_seq for r in rows if r is not None]


async def test_a_burst_in_one_group_commit_queues_one_after_another(store: Store) -> None:
    # The tenant's tail is read once per group commit, then remembered: the tags must be
    # those separate transactions would give.
    burst = [new_execution() for _ in range(3)]
    await store.write(lambda tx: [submit_in(tx, n, None, LEASE) for n in burst])
    later = new_execution()
    await store.write(lambda tx: submit_in(tx, later, None, LEASE))
    assert await _tags(store, [n.execution_id for n in [*burst, later]]) == [-1, -2, -3, -4]


async def test_a_claim_in_the_same_group_commit_forgets_the_remembered_tail(store: Store) -> None:
    first, second = new_execution(), new_execution()

    def op(tx: Tx) -> list[str]:
        submit_in(tx, first, None, LEASE)
        claimed = claim_in(tx, "worker-1", 1, LEASE)
        submit_in(tx, second, None, LEASE)
        return [r.execution_id for r in claimed]

    assert await store.write(op) == [first.execution_id]
    # The line is empty again: the second heads it (as the first did), not one behind a
    # claimed execution.
    assert await _tags(store, [second.execution_id]) == [-1]


def _count_place_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the place reads sent to the store (asked ahead or executed)."""
    from symphainy.store._queue import place_sql

    reads: list[str] = []
    place = place_sql(store.dialect)
    cls = type(store.dialect)
    for name in ("execute", "ask"):
        real = getattr(cls, name)

        def counted(self: object, conn: object, text: str, *rest: object, _real: Any = real) -> Any:
            if text == place:
                reads.append("place")
            return _real(self, conn, text, *rest)

        monkeypatch.setattr(cls, name, counted)
    return reads


async def test_a_burst_that_starts_at_once_reads_its_place_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_place_reads(store, monkeypatch)
    burst = [new_execution() for _ in range(4)]
    rows = await store.write(lambda tx: [submit_in(tx, n, "worker-1", LEASE)[0] for n in burst])
    assert [r.status for r in rows] == ["running"] * 4
    assert reads == ["place"]


async def test_work_made_runnable_in_the_same_group_commit_closes_the_open_place(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_place_reads(store, monkeypatch)
    first, urgent, second = new_execution(), new_execution(TENANT_B, priority=5), new_execution()

    def op(tx: Tx) -> list[str]:
        started = submit_in(tx, first, "worker-1", LEASE)[0]
        queued = submit_in(tx, urgent, None, LEASE)[0]
        behind = submit_in(tx, second, "worker-1", LEASE)[0]
        return [started.status, queued.status, behind.status]

    # Another tenant's higher-priority work now waits: the second queues behind it, as a
    # separate transaction would have decided, instead of starting on the remembered place.
    assert await store.write(op) == ["running", "created", "created"]
    assert reads == ["place"] * 3


async def test_a_burst_reads_its_tenants_running_limit_overrides_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    original = Tx.q

    def counted(
        tx: Tx, sql: str, params: dict[str, object] | None = None
    ) -> list[tuple[object, ...]]:
        if "FROM concurrency_limits" in sql:
            reads.append(sql)
        return original(tx, sql, params)

    monkeypatch.setattr(Tx, "q", counted)
    inline = Inline({"x.limited": 3})
    burst = [new_execution(intent_type="x.limited") for _ in range(4)]
    rows = await store.write(
        lambda tx: [submit_in(tx, n, "worker-1", LEASE, inline)[0] for n in burst]
    )
    assert [r.status for r in rows] == ["running"] * 3 + ["created"]
    assert len(reads) == 1


async def test_an_override_set_in_the_same_group_commit_holds_for_the_next_submit(
    store: Store,
) -> None:
    inline = Inline({"x.limited": 5})

    def op(tx: Tx) -> list[str]:
        first = submit_in(tx, new_execution(intent_type="x.limited"), "w", LEASE, inline)[0]
        set_limit(tx, TENANT_A, "x.limited", 1)
        second = submit_in(tx, new_execution(intent_type="x.limited"), "w", LEASE, inline)[0]
        return [first.status, second.status]

    assert await store.write(op) == ["running", "created"]
