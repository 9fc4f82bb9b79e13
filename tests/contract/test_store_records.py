"""Artifacts, lineage, state and pending intents: the Store's record contract."""

from __future__ import annotations

import asyncio
import time

import pytest

from symphainy.errors import ArtifactNotFound, IllegalTransition
from symphainy.store import ARTIFACT_TRANSITIONS, PENDING_TRANSITIONS, Store
from symphainy.store import _records as records
from tests.contract._store_helpers import (
    TENANT_A,
    create_pending,
    create_session,
    put_state,
    register_artifact,
    submit,
)

ALL_ARTIFACT_STATES = sorted(ARTIFACT_TRANSITIONS)
# The shortest legal path from PENDING to each state.
PATH_TO = {
    "PENDING": [],
    "READY": ["READY"],
    "FAILED": ["FAILED"],
    "ARCHIVED": ["READY", "ARCHIVED"],
    "DELETED": ["DELETED"],
}
ILLEGAL = [
    (src, dst)
    for src in ALL_ARTIFACT_STATES
    for dst in ALL_ARTIFACT_STATES
    if dst not in ARTIFACT_TRANSITIONS[src]
]


async def move_artifact(store: Store, artifact_id: str, to_state: str) -> str:
    row = await store.write(
        lambda tx: records.update_artifact(tx, TENANT_A, artifact_id, to_state=to_state)
    )
    return row.lifecycle_state


async def test_artifact_register_and_read(store: Store) -> None:
    session_id = await create_session(store)
    artifact_id = await register_artifact(store, session_id=session_id, artifact_type="table")
    row = await store.get_artifact(TENANT_A, artifact_id)
    assert row is not None
    assert (row.artifact_type, row.lifecycle_state, row.session_id) == (
        "table",
        "PENDING",
        session_id,
    )
    rows, total = await store.list_artifacts(TENANT_A, artifact_type="table")
    assert total == 1
    assert rows == [row]
    assert await store.list_artifacts(TENANT_A, lifecycle_state="READY") == ([], 0)


async def test_artifact_legal_transitions_follow_the_table(store: Store) -> None:
    artifact_id = await register_artifact(store)
    for state in ["READY", "ARCHIVED", "READY", "DELETED"]:
        assert await move_artifact(store, artifact_id, state) == state
    row = await store.get_artifact(TENANT_A, artifact_id)
    assert row is not None
    assert row.lifecycle_state == "DELETED"
    transitions = [w for w in await store.wal_page(TENANT_A) if w.kind == "artifact.transitioned"]
    assert len(transitions) == 4


async def test_illegal_artifact_transitions_raise_and_change_nothing(store: Store) -> None:
    # One artifact per source state, then every illegal move from it.
    by_state = {}
    for state, path in PATH_TO.items():
        artifact_id = await register_artifact(store)
        for step in path:
            await move_artifact(store, artifact_id, step)
        by_state[state] = artifact_id
    head = await store.wal_head(TENANT_A)
    for src, dst in ILLEGAL:
        before = await store.get_artifact(TENANT_A, by_state[src])
        with pytest.raises(IllegalTransition):
            await move_artifact(store, by_state[src], dst)
        assert await store.get_artifact(TENANT_A, by_state[src]) == before
    assert await store.wal_head(TENANT_A) == head


async def test_artifact_descriptor_update_keeps_state(store: Store) -> None:
    artifact_id = await register_artifact(store, state="READY")
    row = await store.write(
        lambda tx: records.update_artifact(tx, TENANT_A, artifact_id, descriptor='{"rows": 3}')
    )
    assert (row.lifecycle_state, row.semantic_descriptor) == ("READY", '{"rows": 3}')
    with pytest.raises(ArtifactNotFound):
        await move_artifact(store, "missing", "READY")


async def test_artifact_events_join_the_producing_execution(store: Store) -> None:
    execution_id = await submit(store)
    artifact_id = await register_artifact(store, produced_by_execution=execution_id)
    await move_artifact(store, artifact_id, "READY")
    events = await store.events(TENANT_A, execution_id)
    assert [(e.exec_seq, e.kind) for e in events[2:]] == [
        (3, "artifact.registered"),
        (4, "artifact.transitioned"),
    ]
    rows, _ = await store.list_artifacts(TENANT_A, execution_id=execution_id)
    assert [r.artifact_id for r in rows] == [artifact_id]


async def test_lineage_both_ways(store: Store) -> None:
    a = await register_artifact(store)
    b = await register_artifact(store)
    c = await register_artifact(store, parents=[a, b])
    d = await register_artifact(store, parents=[c])
    assert await store.lineage(TENANT_A, c) == (sorted([a, b]), [d])
    assert await store.lineage(TENANT_A, a) == ([], [c])
    assert await store.lineage(TENANT_A, d) == ([c], [])
    with pytest.raises(ArtifactNotFound):
        await register_artifact(store, parents=[a, "missing"])
    assert await store.lineage(TENANT_A, a) == ([], [c])


async def test_state_put_get_list_delete(store: Store) -> None:
    async def put(key: str, value: str, expires_at: float | None = None) -> None:
        await store.write(
            lambda tx: records.put_state(tx, TENANT_A, "session", "s1", key, value, expires_at)
        )

    await put("b", "1")
    await put("a", "2")
    await put("b", "3")  # upsert
    assert [(r.key, r.value) for r in await store.list_state(TENANT_A, "session", "s1")] == [
        ("a", "2"),
        ("b", "3"),
    ]
    assert await store.list_state(TENANT_A, "session", "s2") == []
    assert await store.write(lambda tx: records.delete_state(tx, TENANT_A, "session", "s1", "a"))
    assert not await store.write(
        lambda tx: records.delete_state(tx, TENANT_A, "session", "s1", "a")
    )
    assert await store.get_state(TENANT_A, "session", "s1", "a") is None


async def test_expired_state_is_invisible(store: Store) -> None:
    now = time.time()
    for key, expires_at in (("past", now - 1), ("soon", now + 0.5), ("later", now + 60)):
        await put_state(store, TENANT_A, key, "1", expires_at, scope=("user", "u"))
    assert await store.get_state(TENANT_A, "user", "u", "past") is None
    live = await store.list_state(TENANT_A, "user", "u")
    assert [r.key for r in live] == ["later", "soon"]
    await asyncio.sleep(0.6)
    assert await store.get_state(TENANT_A, "user", "u", "soon") is None
    assert [r.key for r in await store.list_state(TENANT_A, "user", "u")] == ["later"]
    # Writing again revives an expired key.
    await store.write(lambda tx: records.put_state(tx, TENANT_A, "user", "u", "past", "2", None))
    revived = await store.get_state(TENANT_A, "user", "u", "past")
    assert revived is not None
    assert (revived.value, revived.expires_at) == ("2", None)


async def test_pending_intent_lifecycle(store: Store) -> None:
    artifact_id = await register_artifact(store)
    pending = await create_pending(store, target=artifact_id)
    assert await store.get_pending(TENANT_A, pending.intent_id) == pending

    async def move(to: str, execution_id: str | None = None) -> str:
        row = await store.write(
            lambda tx: records.move_pending(tx, TENANT_A, pending.intent_id, to, execution_id)
        )
        return f"{row.status}:{row.execution_id}"

    assert await move("claimed", "exec-1") == "claimed:exec-1"
    assert await move("pending") == "pending:exec-1"
    assert await move("claimed") == "claimed:exec-1"
    assert await move("completed") == "completed:exec-1"
    rows, total = await store.list_pending(TENANT_A, target_artifact_id=artifact_id)
    assert total == 1
    assert rows[0].status == "completed"
    kinds = [w.kind for w in await store.wal_page(TENANT_A) if w.kind.startswith("pending.")]
    assert kinds == [
        "pending.created",
        "pending.claimed",
        "pending.pending",
        "pending.claimed",
        "pending.completed",
    ]


async def test_illegal_pending_moves_raise_and_change_nothing(store: Store) -> None:
    async def move(intent_id: str, to: str) -> None:
        await store.write(lambda tx: records.move_pending(tx, TENANT_A, intent_id, to))

    waiting, done = await create_pending(store), await create_pending(store)
    await move(done.intent_id, "claimed")
    await move(done.intent_id, "completed")
    head = await store.wal_head(TENANT_A)
    for row in (waiting, done):
        before = await store.get_pending(TENANT_A, row.intent_id)
        assert before is not None
        for dst in sorted(set(PENDING_TRANSITIONS) - PENDING_TRANSITIONS[before.status]):
            with pytest.raises(IllegalTransition):
                await move(row.intent_id, dst)
        assert await store.get_pending(TENANT_A, row.intent_id) == before
    assert await store.wal_head(TENANT_A) == head


async def test_pending_filters(store: Store) -> None:
    first = await create_pending(store)
    await create_pending(store)
    await store.write(lambda tx: records.move_pending(tx, TENANT_A, first.intent_id, "cancelled"))
    rows, total = await store.list_pending(TENANT_A, status="pending")
    assert total == 1
    assert rows[0].intent_id != first.intent_id
    _, all_of_type = await store.list_pending(TENANT_A, intent_type="test.later")
    assert all_of_type == 2
