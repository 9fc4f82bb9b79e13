"""The writer's own account of its group commits (`Store.commit_stats`), on both stores."""

from __future__ import annotations

import asyncio

from symphainy.store import Store
from tests.contract._store_helpers import new_execution, submit
from tests.contract.test_store_wal import count_commits, hold_writer


async def test_each_group_is_counted_once_with_its_size_and_times(store: Store) -> None:
    before = store.commit_stats()
    commits = count_commits(store)
    await submit(store)
    blocker = await hold_writer(store, 0.2)
    queued = [store.submit(new_execution(), None, 30.0) for _ in range(7)]
    await asyncio.gather(*queued)
    await blocker

    after = store.commit_stats()
    assert len(commits) == 3  # the lone submit, the blocker, then the seven together
    assert after.committed - before.committed == 3
    assert after.failed == before.failed
    sizes = after.operations
    assert sizes.count - before.operations.count == 3
    assert sizes.total - before.operations.total == 1 + 1 + 7
    # le=1 holds the two single-operation groups, le=8 the group of seven.
    assert dict(sizes.cumulative())["1"] - dict(before.operations.cumulative())["1"] == 2
    assert sizes.counts[3] - before.operations.counts[3] == 1  # the bucket bounded by 8
    # The blocker slept 0.2 s inside its transaction; a COMMIT alone is never that slow here.
    held = after.transaction_seconds.total - before.transaction_seconds.total
    assert held >= 0.2
    flushed = after.commit_seconds.total - before.commit_seconds.total
    assert 0 < flushed < held
    assert after.commit_seconds.count == after.transaction_seconds.count


async def test_a_failed_group_is_counted_and_its_operations_retried_alone(store: Store) -> None:
    before = store.commit_stats()
    blocker = await hold_writer(store, 0.2)

    def explode(_tx: object) -> None:
        raise RuntimeError("bug in an operation")

    fine = store.submit(new_execution(), None, 30.0)
    await asyncio.gather(fine, store.write(explode), return_exceptions=True)
    await blocker

    after = store.commit_stats()
    # The group of two failed; retried alone, the submit committed and `explode` failed again.
    assert after.failed - before.failed == 2
    assert after.committed - before.committed == 2  # the blocker's group and the lone submit


async def test_a_snapshot_does_not_change_after_it_is_taken(store: Store) -> None:
    await submit(store)
    snapshot = store.commit_stats()
    counts = list(snapshot.operations.counts)
    await submit(store)
    assert snapshot.operations.counts == counts
    assert store.commit_stats().committed == snapshot.committed + 1
