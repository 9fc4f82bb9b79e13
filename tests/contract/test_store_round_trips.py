"""Round trips a submit costs on PostgreSQL: the reads of its tenant travel together."""

from __future__ import annotations

import psycopg
import pytest

from symphainy.store import Store
from symphainy.store._dialect import Row
from symphainy.store._quotas import QuotaLimits
from symphainy.store._tx import Tx
from tests.contract._store_helpers import TENANT_A, new_execution


@pytest.fixture
def syncs(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts pipeline syncs (each one round trip to the server) from now on."""
    if store.engine != "postgres":
        pytest.skip("round trips are PostgreSQL's: SQLite reads in process")
    count = [0]
    sync = psycopg.Pipeline.sync

    def counted(pipeline: psycopg.Pipeline) -> None:
        count[0] += 1
        sync(pipeline)

    monkeypatch.setattr(psycopg.Pipeline, "sync", counted)
    return count


async def test_a_submit_reads_its_tenants_quota_place_and_limits_in_one_round_trip(
    store: Store, syncs: list[int]
) -> None:
    await store.submit(new_execution(), "worker-1", 30.0, quotas=QuotaLimits())  # warm
    syncs[0] = 0
    row, _ = await store.submit(new_execution(), "worker-1", 30.0, quotas=QuotaLimits())
    assert row.lease_owner == "worker-1"  # started at once: its limits were read and applied
    # One for the quota row, the queue place and the running-limit overrides together, one
    # for the WAL head under its lock (the commit is the third).
    assert syncs[0] == 2


async def test_a_tenant_with_quotas_reads_its_place_after_locking_its_quota_row(
    store: Store, syncs: list[int]
) -> None:
    await store.quotas.set(TENANT_A, QuotaLimits(max_queued=5), "test")
    first, _ = await store.submit(new_execution(), None, 30.0, quotas=QuotaLimits())
    syncs[0] = 0
    second, _ = await store.submit(new_execution(), None, 30.0, quotas=QuotaLimits())
    # Queued behind the first: the place read after the lock saw it (tags count down).
    assert second.fair_seq < first.fair_seq
    # The prefetched row read, the lock, the place read again, the queued count, the WAL head.
    assert syncs[0] == 5


async def test_a_prefetched_read_is_answered_by_the_round_trip_of_the_next_read(
    store: Store, syncs: list[int]
) -> None:
    def op(tx: Tx) -> tuple[list[Row], list[Row]]:
        tx.prefetch("SELECT CAST(:a AS BIGINT)", {"a": 7})
        # A read between, whose parameters are not hashable (a list), goes to the server.
        between = tx.q("SELECT CAST(:v AS TEXT)", {"v": ["x", "y"]})
        return between, tx.q("SELECT CAST(:a AS BIGINT)", {"a": 7})

    syncs[0] = 0
    between, prefetched = await store.write(op)
    assert between == [("{x,y}",)]
    assert prefetched == [(7,)]
    assert syncs[0] == 1  # the read between synced both; the prefetched one cost nothing
