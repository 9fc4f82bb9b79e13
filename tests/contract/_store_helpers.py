"""Builders and checks shared by the store contract tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from symphainy.store import (
    GENESIS,
    NewArtifact,
    NewExecution,
    PendingRow,
    SessionRow,
    Store,
    WalRow,
    entry_hash,
)
from symphainy.store import _records as records

TENANT_A = "tenant-a"
TENANT_B = "tenant-b"


def uid() -> str:
    return uuid.uuid4().hex


def new_execution(tenant_id: str = TENANT_A, **overrides: Any) -> NewExecution:
    fields: dict[str, Any] = {
        "execution_id": uid(),
        "tenant_id": tenant_id,
        "intent_id": uid(),
        "intent_type": "test.echo",
        "parameters": '{"n": 1}',
        "max_attempts": 3,
    }
    fields.update(overrides)
    return NewExecution(**fields)


async def submit(store: Store, tenant_id: str = TENANT_A, **overrides: Any) -> str:
    """Submit an unclaimed execution; return its id."""
    row, deduped = await store.submit(new_execution(tenant_id, **overrides), None, 30.0)
    assert not deduped
    return str(row.execution_id)


async def create_session(store: Store, tenant_id: str = TENANT_A) -> str:
    now = time.time()
    row = SessionRow(uid(), tenant_id, None, 1, "{}", "active", now, now, None)
    await store.write(lambda tx: records.create_session(tx, row))
    return row.session_id


async def register_artifact(
    store: Store,
    tenant_id: str = TENANT_A,
    parents: Sequence[str] = (),
    state: str = "PENDING",
    **overrides: Any,
) -> str:
    new = NewArtifact(
        artifact_id=overrides.pop("artifact_id", uid()),
        tenant_id=tenant_id,
        artifact_type=overrides.pop("artifact_type", "file"),
        lifecycle_state=state,
        semantic_descriptor="{}",
        materializations="[]",
        parents=tuple(parents),
        **overrides,
    )
    row = await store.write(lambda tx: records.register_artifact(tx, new))
    return row.artifact_id


async def create_pending(
    store: Store, tenant_id: str = TENANT_A, target: str | None = None
) -> PendingRow:
    now = time.time()
    row = PendingRow(
        uid(), tenant_id, "test.later", target, "{}", "pending", None, None, None, now, now
    )
    return await store.write(lambda tx: records.create_pending(tx, row))


async def full_wal(store: Store, tenant_id: str) -> list[WalRow]:
    rows: list[WalRow] = []
    while page := await store.wal_page(tenant_id, after=rows[-1].seq if rows else 0):
        rows.extend(page)
    return rows


def first_broken_seq(rows: Sequence[WalRow]) -> int | None:
    """Recompute the chain; return the first seq whose link or hash does not hold."""
    prev = GENESIS
    for expected_seq, row in enumerate(rows, start=1):
        digest = entry_hash(
            prev,
            row.tenant_id,
            row.seq,
            row.kind,
            row.execution_id,
            row.exec_seq,
            row.payload,
            row.created_at,
        )
        if row.seq != expected_seq or row.prev_hash != prev or row.hash != digest:
            return row.seq
        prev = row.hash
    return None


def raw_execute(url: str, statement: str, params: Mapping[str, Any] | None = None) -> int:
    """Run one statement on a connection of its own (bypassing the Store); return rowcount."""
    engine = create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool
    )
    try:
        with engine.begin() as conn:
            return conn.execute(text(statement), dict(params or {})).rowcount
    finally:
        engine.dispose()


async def put_state(
    store: Store,
    tenant_id: str,
    key: str,
    value: str,
    expires_at: float | None = None,
    scope: tuple[str, str] = ("global", "-"),
) -> None:
    await store.write(lambda tx: records.put_state(tx, tenant_id, *scope, key, value, expires_at))


async def append_event(store: Store, tenant_id: str, kind: str, payload: Any) -> None:
    await store.write(lambda tx: records.append_event(tx, tenant_id, kind, payload))


def truncate_last(database_url: str, tenant_id: str) -> None:
    """What an attacker with database access does: drop the newest entry, move the head back."""
    deleted = raw_execute(
        database_url,
        "DELETE FROM wal WHERE tenant_id = :t "
        "AND seq = (SELECT MAX(seq) FROM wal WHERE tenant_id = :t)",
        {"t": tenant_id},
    )
    assert deleted == 1
    moved = raw_execute(
        database_url,
        "UPDATE wal_heads SET seq = seq - 1, hash = (SELECT hash FROM wal w "
        "WHERE w.tenant_id = :t AND w.seq = wal_heads.seq - 1) WHERE tenant_id = :t",
        {"t": tenant_id},
    )
    assert moved == 1
