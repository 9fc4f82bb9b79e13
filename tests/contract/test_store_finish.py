"""A group commit's finishes share one statement; each still gets its own answer."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from symphainy.errors import StoreUnavailable
from symphainy.store import Store
from symphainy.store._finish import FINISH_CHUNK, finish
from symphainy.store._tx import Later, Tx
from tests.contract._store_helpers import TENANT_A, submit


async def _claimed(store: Store, n: int) -> list[str]:
    ids = [await submit(store) for _ in range(n)]
    claimed = await store.claim("w", n, 30.0)
    assert sorted(r.execution_id for r in claimed) == sorted(ids)
    return ids


async def test_finishes_in_one_group_each_read_their_own_row(store: Store) -> None:
    ok, failed, stolen = await _claimed(store, 3)
    done, broke, lost = await asyncio.gather(
        store.finish(ok, "w", "completed", result='{"v": 1}'),
        store.finish(failed, "w", "failed", error='{"type": "boom"}'),
        store.finish(stolen, "intruder", "completed", result="2"),
    )
    assert done is not None
    assert (done.execution_id, done.status, done.result) == (ok, "completed", '{"v": 1}')
    assert broke is not None
    assert (broke.execution_id, broke.status) == (failed, "failed")
    assert lost is None
    row = await store.get_execution(TENANT_A, stolen)
    assert row is not None
    assert (row.status, row.lease_owner) == ("running", "w")


async def test_a_finish_whose_answer_is_never_read_is_refused_whole(store: Store) -> None:
    (execution_id,) = await _claimed(store, 1)

    def hides_its_later(tx: Tx) -> list[Later[object]]:
        return [finish(tx, execution_id, "w", "completed", "1", None)]

    with pytest.raises(StoreUnavailable, match="Later was not returned"):
        await store.write(hides_its_later)
    row = await store.get_execution(TENANT_A, execution_id)
    assert row is not None
    assert row.status == "running"  # rolled back: no change without its WAL entry
    assert [e.kind for e in await store.events(TENANT_A, execution_id)][-1] == "execution.started"


async def test_concurrent_finishes_share_a_group_and_answer_each_caller(store: Store) -> None:
    ids = await _claimed(store, FINISH_CHUNK + 3)  # more than one chunk
    outcomes = await asyncio.gather(
        *(store.finish(e, "w", "completed", result=str(i)) for i, e in enumerate(ids)),
        store.finish(ids[0], "w", "completed", result="again"),  # lost: already finished
    )
    assert [r.execution_id if r else None for r in outcomes] == [*ids, None]
    assert [r.result for r in outcomes[:-1] if r] == [str(i) for i in range(len(ids))]
    events = await store.events(TENANT_A, ids[-1])
    assert [e.kind for e in events][-1] == "execution.completed"
    assert orjson.loads(events[-1].payload)["result"] == len(ids) - 1
