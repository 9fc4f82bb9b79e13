"""Tenant scoping: nothing one tenant writes is visible to, or writable by, another."""

from __future__ import annotations

import time

import pytest

from symphainy.errors import (
    ArtifactNotFound,
    ExecutionNotFound,
    PendingIntentNotFound,
    SessionNotFound,
)
from symphainy.store import Store
from symphainy.store import _records as records
from tests.contract._store_helpers import (
    TENANT_A,
    TENANT_B,
    create_pending,
    create_session,
    put_state,
    register_artifact,
    submit,
)


async def test_reads_never_cross_tenants(store: Store) -> None:
    session_id = await create_session(store)
    execution_id = await submit(store, session_id=session_id)
    artifact_id = await register_artifact(store)
    pending = await create_pending(store, target=artifact_id)
    await store.write(
        lambda tx: records.put_state(tx, TENANT_A, "session", session_id, "k", '"v"', None)
    )

    assert await store.get_execution(TENANT_A, execution_id) is not None
    assert await store.get_execution(TENANT_B, execution_id) is None
    assert await store.get_session(TENANT_B, session_id) is None
    assert await store.get_artifact(TENANT_B, artifact_id) is None
    assert await store.get_state(TENANT_B, "session", session_id, "k") is None
    assert await store.list_state(TENANT_B, "session", session_id) == []
    assert await store.get_pending(TENANT_B, pending.intent_id) is None
    assert await store.events(TENANT_B, execution_id) == []
    assert await store.wal_page(TENANT_B) == []
    assert await store.wal_head(TENANT_B) is None
    assert await store.list_executions(TENANT_B) == ([], 0)
    assert await store.list_artifacts(TENANT_B) == ([], 0)
    assert await store.list_pending(TENANT_B) == ([], 0)


async def test_lineage_is_tenant_scoped(store: Store) -> None:
    parent = await register_artifact(store)
    child = await register_artifact(store, parents=[parent])
    assert await store.lineage(TENANT_B, parent) == ([], [])
    assert await store.lineage(TENANT_B, child) == ([], [])


async def test_writes_refuse_another_tenants_rows(store: Store) -> None:
    session_id = await create_session(store)
    execution_id = await submit(store)
    artifact_id = await register_artifact(store)
    pending = await create_pending(store)

    with pytest.raises(ExecutionNotFound):
        await store.cancel(TENANT_B, execution_id)
    with pytest.raises(ExecutionNotFound):
        await store.resume(TENANT_B, execution_id)
    with pytest.raises(SessionNotFound):
        await submit(store, TENANT_B, session_id=session_id)
    with pytest.raises(ExecutionNotFound):
        await submit(store, TENANT_B, parent_execution_id=execution_id)
    with pytest.raises(ArtifactNotFound):
        await register_artifact(store, TENANT_B, parents=[artifact_id])
    with pytest.raises(ArtifactNotFound):
        await store.write(
            lambda tx: records.update_artifact(tx, TENANT_B, artifact_id, to_state="READY")
        )
    with pytest.raises(ArtifactNotFound):
        await create_pending(store, TENANT_B, target=artifact_id)
    with pytest.raises(PendingIntentNotFound):
        await store.write(
            lambda tx: records.move_pending(tx, TENANT_B, pending.intent_id, "claimed")
        )
    row = await store.get_execution(TENANT_A, execution_id)
    assert row is not None
    assert row.status == "created"
    assert await store.wal_page(TENANT_B) == []


async def test_emit_refuses_another_tenants_execution(store: Store) -> None:
    execution_id = await submit(store)
    with pytest.raises(ExecutionNotFound):
        await store.emit(TENANT_B, execution_id, "step.progress", {"leak": True})
    with pytest.raises(ExecutionNotFound):
        await store.emit(TENANT_A, "missing", "step.progress", {})
    assert [e.exec_seq for e in await store.events(TENANT_A, execution_id)] == [1, 2]
    assert await store.wal_page(TENANT_B) == []


async def test_artifact_cannot_join_another_tenants_execution_stream(store: Store) -> None:
    execution_id = await submit(store)
    await register_artifact(store, TENANT_B, produced_by_execution=execution_id)
    assert await store.emit(TENANT_A, execution_id, "step.progress", {}) == 3
    assert [e.exec_seq for e in await store.events(TENANT_A, execution_id)] == [1, 2, 3]
    [entry] = await store.wal_page(TENANT_B)
    assert (entry.kind, entry.execution_id, entry.exec_seq) == ("artifact.registered", None, None)


async def test_state_with_the_same_key_is_separate_per_tenant(store: Store) -> None:
    for tenant, value in ((TENANT_A, '"a"'), (TENANT_B, '"b"')):
        await put_state(store, tenant, "k", value)
    a = await store.get_state(TENANT_A, "global", "-", "k")
    b = await store.get_state(TENANT_B, "global", "-", "k")
    assert (a and a.value, b and b.value) == ('"a"', '"b"')
    assert await store.write(lambda tx: records.delete_state(tx, TENANT_B, "global", "-", "k"))
    assert await store.get_state(TENANT_A, "global", "-", "k") is not None


async def test_session_upgrade_moves_its_records_to_the_new_tenant(store: Store) -> None:
    anon = "anon-tenant"
    session_id = await create_session(store, anon)
    execution_id = await submit(store, anon, session_id=session_id)
    await store.write(
        lambda tx: records.put_state(tx, anon, "session", session_id, "k", "1", time.time() + 60)
    )
    row = await store.write(
        lambda tx: records.upgrade_session(tx, anon, session_id, TENANT_A, "user-1", {"x": 1})
    )
    assert (row.tenant_id, row.user_id, row.is_anonymous) == (TENANT_A, "user-1", 0)
    assert await store.get_session(anon, session_id) is None
    assert await store.get_execution(anon, execution_id) is None
    assert await store.get_execution(TENANT_A, execution_id) is not None
    assert await store.get_state(TENANT_A, "session", session_id, "k") is not None
    assert await store.get_state(anon, "session", session_id, "k") is None
    assert [w.kind for w in await store.wal_page(TENANT_A)][-1] == "session.upgraded"
