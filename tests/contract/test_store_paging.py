"""List paging on both stores: a total order and keyset starts (issue #14, item 6).

Many rows share one `created_at` here, as they do when a burst of intents lands in the
same clock tick. OFFSET paging over `ORDER BY created_at` repeated and dropped rows on
PostgreSQL once rows were updated between pages (an update moves a tuple, and equal
timestamps left the order to the heap).
"""

from __future__ import annotations

import asyncio

from symphainy.store import Store
from tests.contract._store_helpers import (
    TENANT_A,
    create_pending,
    raw_execute,
    register_artifact,
    submit,
)

TICK = 1700000000.123456789
"""One shared timestamp, with digits a float keeps only in its shortest repr."""


async def test_executions_page_exactly_once_over_one_timestamp_while_rows_change(
    store: Store, database_url: str
) -> None:
    ids = await asyncio.gather(*(submit(store) for _ in range(3000)))
    raw_execute(database_url, "UPDATE executions SET created_at = :t", {"t": TICK})
    seen: list[str] = []
    after = None
    while True:
        rows, total = await store.list_executions(TENANT_A, limit=1000, after=after)
        assert total == 3000
        if not seen:
            # Workers keep moving executions while someone pages: cancel two not yet seen.
            for execution_id in sorted(set(ids) - {r.execution_id for r in rows})[:2]:
                await store.cancel(TENANT_A, execution_id)
        seen += [r.execution_id for r in rows]
        if len(rows) < 1000:
            break
        after = (rows[-1].created_at, rows[-1].execution_id)
    assert len(seen) == len(set(seen)) == 3000
    assert seen == sorted(ids, reverse=True)  # ties broken by id, newest-first order


async def test_artifacts_and_pending_page_in_total_order(store: Store, database_url: str) -> None:
    artifacts = [await register_artifact(store) for _ in range(7)]
    pending = [(await create_pending(store)).intent_id for _ in range(7)]
    raw_execute(database_url, "UPDATE artifacts SET created_at = :t", {"t": TICK})
    raw_execute(database_url, "UPDATE pending_intents SET created_at = :t", {"t": TICK})
    got: list[str] = []
    after = None
    while rows := (await store.list_artifacts(TENANT_A, limit=3, after=after))[0]:
        got += [r.artifact_id for r in rows]
        after = (rows[-1].created_at, rows[-1].artifact_id)
    assert got == sorted(artifacts, reverse=True)
    got, after = [], None
    while rows := (await store.list_pending(TENANT_A, limit=3, after=after))[0]:
        got += [r.intent_id for r in rows]
        after = (rows[-1].created_at, rows[-1].intent_id)
    assert got == sorted(pending, reverse=True)


async def test_every_child_is_collected_past_one_page(store: Store, database_url: str) -> None:
    # Cancelling a journey and reading its steps collect every child: a page size once
    # capped them silently (at 1,000), leaving later steps running after a cancel.
    parent = await submit(store)
    kids = [await submit(store, parent_execution_id=parent) for _ in range(7)]
    raw_execute(database_url, "UPDATE executions SET created_at = :t", {"t": TICK})
    got = await store.child_executions(TENANT_A, parent, page_size=3)
    assert sorted(r.execution_id for r in got) == sorted(kids)
