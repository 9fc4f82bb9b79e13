"""The store's search: attribute rows follow their execution (tenant moves, deletes)."""

from __future__ import annotations

import pytest

from symphainy.store import Store
from symphainy.store import _records as records
from tests.contract._store_helpers import TENANT_A, TENANT_B, create_session, submit

ACME = {"search_attributes": {"customer": "acme"}}


async def _attribute_rows(store: Store, execution_id: str) -> int:
    rows = await store.reader.rows(
        "SELECT COUNT(*) FROM execution_attributes WHERE execution_id = :e", {"e": execution_id}
    )
    return int(rows[0][0])


async def test_attributes_follow_an_upgraded_session_to_its_tenant(store: Store) -> None:
    session_id = await create_session(store, TENANT_A)
    moved = await submit(
        store, TENANT_A, session_id=session_id, search_attributes='{"customer": "acme"}'
    )
    stays = await submit(store, TENANT_A, search_attributes='{"customer": "acme"}')
    await store.write(
        lambda tx: records.upgrade_session(tx, TENANT_A, session_id, TENANT_B, "u", {})
    )
    rows_a, total_a = await store.list_executions(TENANT_A, **ACME)
    rows_b, total_b = await store.list_executions(TENANT_B, **ACME)
    assert ([r.execution_id for r in rows_a], total_a) == ([stays], 1)
    assert ([r.execution_id for r in rows_b], total_b) == ([moved], 1)


async def test_deleting_an_execution_deletes_its_attribute_rows(store: Store) -> None:
    doomed = await submit(store, search_attributes='{"customer": "acme", "n": 3}')
    kept = await submit(store, search_attributes='{"customer": "acme"}')
    assert await _attribute_rows(store, doomed) == 2
    await store.write(
        lambda tx: tx.q("DELETE FROM executions WHERE execution_id = :e", {"e": doomed})
    )
    assert await _attribute_rows(store, doomed) == 0
    assert await _attribute_rows(store, kept) == 1


async def test_an_unknown_filter_is_an_error_not_ignored(store: Store) -> None:
    with pytest.raises(TypeError, match="no_such"):
        await store.list_executions(TENANT_A, no_such="x")
    with pytest.raises(TypeError, match="no_such"):
        await store.list_artifacts(TENANT_A, no_such="x")
