"""Point reads of executions made together share one query, and keep each tenant's answer."""

from __future__ import annotations

import asyncio

import pytest

from symphainy.store import Store
from symphainy.store._loader import MAX_BATCH
from tests.contract._store_helpers import TENANT_A, TENANT_B, submit, uid


async def _count_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every statement the store's reader runs (the real reader still runs it)."""
    seen: list[str] = []
    reader = store.reader
    rows = reader.rows

    async def counted(sql: str, params: object = None) -> object:
        seen.append(sql)
        return await rows(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "rows", counted)
    return seen


async def test_concurrent_lookups_share_one_query_and_stay_in_their_tenant(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = [await submit(store) for _ in range(5)]
    theirs = await submit(store, tenant_id=TENANT_B)
    reads = await _count_reads(store, monkeypatch)
    asks = [(TENANT_A, e) for e in mine] + [(TENANT_A, mine[0]), (TENANT_A, theirs)]
    asks += [(TENANT_B, mine[1]), (TENANT_B, theirs), (TENANT_A, uid())]
    got = await asyncio.gather(*(store.get_execution(t, e) for t, e in asks))
    assert [row.execution_id if row else None for row in got] == [
        *mine,
        mine[0],
        None,
        None,
        theirs,
        None,
    ]
    assert all(row.tenant_id == t for (t, _), row in zip(asks, got, strict=True) if row)
    assert len(reads) == 1


async def test_a_burst_past_the_batch_size_is_read_in_chunks(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = await submit(store)
    reads = await _count_reads(store, monkeypatch)
    ids = [uid() for _ in range(MAX_BATCH * 2)] + [known]
    got = await asyncio.gather(*(store.get_execution(TENANT_A, e) for e in ids))
    assert got[-1] is not None
    assert got[-1].execution_id == known
    assert got[:-1] == [None] * (MAX_BATCH * 2)
    assert len(reads) == 3


async def test_a_cancelled_caller_does_not_disturb_the_others(store: Store) -> None:
    known = await submit(store)
    cancelled = asyncio.ensure_future(store.get_execution(TENANT_A, known))
    other = asyncio.ensure_future(store.get_execution(TENANT_A, known))
    await asyncio.sleep(0)  # both are waiting on the same read
    cancelled.cancel()
    row = await other
    assert row is not None
    assert row.execution_id == known
    assert cancelled.cancelled()
