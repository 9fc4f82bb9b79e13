"""Session, state, artifact and pending-intent writes (each with its WAL entries)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from symphainy.errors import (
    ArtifactNotFound,
    IllegalTransition,
    PendingIntentNotFound,
    SessionNotFound,
)
from symphainy.store._json import dumps, loads
from symphainy.store._rows import ArtifactRow, PendingRow, SessionRow, build, columns
from symphainy.store._search import move_attributes
from symphainy.store._tx import Tx

SESSION_COLS = columns(SessionRow)
ARTIFACT_COLS = columns(ArtifactRow)
PENDING_COLS = columns(PendingRow)

# The artifact lifecycle: any move not listed here is refused.
ARTIFACT_TRANSITIONS: dict[str, frozenset[str]] = {
    "PENDING": frozenset({"READY", "FAILED", "DELETED"}),
    "READY": frozenset({"ARCHIVED", "DELETED"}),
    "FAILED": frozenset({"DELETED"}),
    "ARCHIVED": frozenset({"READY", "DELETED"}),
    "DELETED": frozenset(),
}
PENDING_TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"claimed", "cancelled"}),
    "claimed": frozenset({"completed", "pending", "cancelled"}),
    "completed": frozenset(),
    "cancelled": frozenset(),
}


def create_session(tx: Tx, row: SessionRow) -> SessionRow:
    """Insert a session."""
    params = {c.strip(): getattr(row, c.strip()) for c in SESSION_COLS.split(",")}
    tx.q(
        f"INSERT INTO sessions ({SESSION_COLS}) VALUES ({', '.join(':' + k for k in params)})",
        params,
    )
    tx.log(
        row.tenant_id,
        "session.created",
        {"session_id": row.session_id, "user_id": row.user_id, "anonymous": bool(row.is_anonymous)},
    )
    return row


def _session(tx: Tx, tenant_id: str, session_id: str) -> SessionRow:
    raw = tx.one(
        f"SELECT {SESSION_COLS} FROM sessions WHERE session_id = :s AND tenant_id = :t"
        f"{tx.dialect.for_update}",
        {"s": session_id, "t": tenant_id},
    )
    if raw is None:
        raise SessionNotFound(f"session {session_id} not found")
    return build(SessionRow, raw)


def upgrade_session(
    tx: Tx, from_tenant: str, session_id: str, tenant_id: str, user_id: str, metadata: Any
) -> SessionRow:
    """Attach an anonymous session to a user (moving it into the user's tenant)."""
    row = _session(tx, from_tenant, session_id)
    if not row.is_anonymous:
        raise IllegalTransition(f"session {session_id} is not anonymous")
    merged = {**loads(row.metadata), **(metadata or {})}
    tx.q(
        "UPDATE sessions SET tenant_id = :t, user_id = :u, is_anonymous = 0, metadata = :m, "
        "updated_at = :now, upgraded_at = :now WHERE session_id = :s",
        {"t": tenant_id, "u": user_id, "m": dumps(merged), "now": tx.now, "s": session_id},
    )
    # Executions and state created while anonymous follow the session to its tenant.
    # Queued ones among them join the tenant's queue: read its places again.
    tx.tails.clear()
    tx.open_places.clear()
    for table in ("executions", "pending_intents", "artifacts"):
        tx.q(
            f"UPDATE {table} SET tenant_id = :t WHERE session_id = :s AND tenant_id = :f",
            {"t": tenant_id, "s": session_id, "f": from_tenant},
        )
    move_attributes(tx, session_id, from_tenant, tenant_id)
    tx.q(
        "UPDATE state SET tenant_id = :t WHERE scope = 'session' AND scope_id = :s "
        "AND tenant_id = :f",
        {"t": tenant_id, "s": session_id, "f": from_tenant},
    )
    tx.log(from_tenant, "session.upgraded_away", {"session_id": session_id})
    tx.log(tenant_id, "session.upgraded", {"session_id": session_id, "user_id": user_id})
    return replace(
        row,
        tenant_id=tenant_id,
        user_id=user_id,
        is_anonymous=0,
        metadata=dumps(merged),
        updated_at=tx.now,
        upgraded_at=tx.now,
    )


def put_state(
    tx: Tx,
    tenant_id: str,
    scope: str,
    scope_id: str,
    key: str,
    value: str,
    expires_at: float | None,
) -> None:
    """Upsert one state entry."""
    tx.q(
        "INSERT INTO state (tenant_id, scope, scope_id, key, value, expires_at, updated_at) "
        "VALUES (:t, :sc, :si, :k, :v, :x, :now) ON CONFLICT (tenant_id, scope, scope_id, key) "
        "DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, "
        "updated_at = excluded.updated_at",
        {
            "t": tenant_id,
            "sc": scope,
            "si": scope_id,
            "k": key,
            "v": value,
            "x": expires_at,
            "now": tx.now,
        },
    )
    tx.log(
        tenant_id,
        "state.written",
        {"scope": scope, "scope_id": scope_id, "key": key, "expires_at": expires_at},
    )


def delete_state(tx: Tx, tenant_id: str, scope: str, scope_id: str, key: str) -> bool:
    """Delete one state entry; report whether it existed."""
    rows = tx.q(
        "DELETE FROM state WHERE tenant_id = :t AND scope = :sc AND scope_id = :si "
        "AND key = :k RETURNING key",
        {"t": tenant_id, "sc": scope, "si": scope_id, "k": key},
    )
    if rows:
        tx.log(tenant_id, "state.deleted", {"scope": scope, "scope_id": scope_id, "key": key})
    return bool(rows)


@dataclass(frozen=True, slots=True)
class NewArtifact:
    """An artifact to register."""

    artifact_id: str
    tenant_id: str
    artifact_type: str
    lifecycle_state: str
    semantic_descriptor: str
    materializations: str
    parents: tuple[str, ...]
    produced_by_intent: str | None = None
    produced_by_execution: str | None = None
    session_id: str | None = None


def register_artifact(tx: Tx, new: NewArtifact) -> ArtifactRow:
    """Insert an artifact and its lineage edges."""
    for parent in new.parents:
        _artifact(tx, new.tenant_id, parent)
    row = ArtifactRow(
        new.artifact_id,
        new.tenant_id,
        new.artifact_type,
        new.lifecycle_state,
        new.produced_by_intent,
        new.produced_by_execution,
        new.session_id,
        new.semantic_descriptor,
        new.materializations,
        tx.now,
        tx.now,
    )
    params = {c.strip(): getattr(row, c.strip()) for c in ARTIFACT_COLS.split(",")}
    tx.q(
        f"INSERT INTO artifacts ({ARTIFACT_COLS}) VALUES ({', '.join(':' + k for k in params)})",
        params,
    )
    tx.many(
        "INSERT INTO artifact_parents (tenant_id, artifact_id, parent_id) VALUES (:t, :a, :p)",
        [{"t": new.tenant_id, "a": new.artifact_id, "p": p} for p in new.parents],
    )
    payload = {
        "artifact_id": new.artifact_id,
        "artifact_type": new.artifact_type,
        "lifecycle_state": new.lifecycle_state,
        "parents": list(new.parents),
    }
    _log_artifact(tx, row, "artifact.registered", payload)
    return row


def _log_artifact(tx: Tx, row: ArtifactRow, kind: str, payload: Any) -> None:
    exe = row.produced_by_execution
    seq = None
    if (
        exe is not None
        and tx.one(
            "SELECT 1 FROM executions WHERE execution_id = :e AND tenant_id = :t",
            {"e": exe, "t": row.tenant_id},
        )
        is not None
    ):
        seq = tx.next_event_seqs(exe)
    tx.log(row.tenant_id, kind, payload, exe if seq else None, seq)


def _artifact(tx: Tx, tenant_id: str, artifact_id: str) -> ArtifactRow:
    raw = tx.one(
        f"SELECT {ARTIFACT_COLS} FROM artifacts WHERE artifact_id = :a AND tenant_id = :t"
        f"{tx.dialect.for_update}",
        {"a": artifact_id, "t": tenant_id},
    )
    if raw is None:
        raise ArtifactNotFound(f"artifact {artifact_id} not found")
    return build(ArtifactRow, raw)


def update_artifact(
    tx: Tx,
    tenant_id: str,
    artifact_id: str,
    *,
    to_state: str | None = None,
    descriptor: str | None = None,
    materializations: str | None = None,
) -> ArtifactRow:
    """Change an artifact's lifecycle state (enforced), descriptor or materializations."""
    row = _artifact(tx, tenant_id, artifact_id)
    if to_state is not None and to_state not in ARTIFACT_TRANSITIONS[row.lifecycle_state]:
        raise IllegalTransition(
            f"artifact {artifact_id}: {row.lifecycle_state} -> {to_state} is not allowed",
            current_state=row.lifecycle_state,
            requested_state=to_state,
        )
    new = replace(
        row,
        lifecycle_state=to_state or row.lifecycle_state,
        semantic_descriptor=descriptor or row.semantic_descriptor,
        materializations=materializations or row.materializations,
        updated_at=tx.now,
    )
    tx.q(
        "UPDATE artifacts SET lifecycle_state = :ls, semantic_descriptor = :sd, "
        "materializations = :m, updated_at = :now WHERE artifact_id = :a",
        {
            "ls": new.lifecycle_state,
            "sd": new.semantic_descriptor,
            "m": new.materializations,
            "now": tx.now,
            "a": artifact_id,
        },
    )
    if to_state is not None:
        _log_artifact(
            tx,
            new,
            "artifact.transitioned",
            {"artifact_id": artifact_id, "from": row.lifecycle_state, "to": to_state},
        )
    else:
        _log_artifact(tx, new, "artifact.updated", {"artifact_id": artifact_id})
    return new


def create_pending(tx: Tx, row: PendingRow) -> PendingRow:
    """Insert a pending intent."""
    if row.target_artifact_id is not None:
        _artifact(tx, row.tenant_id, row.target_artifact_id)
    params = {c.strip(): getattr(row, c.strip()) for c in PENDING_COLS.split(",")}
    tx.q(
        f"INSERT INTO pending_intents ({PENDING_COLS}) VALUES "
        f"({', '.join(':' + k for k in params)})",
        params,
    )
    tx.pending_tenants.add(row.tenant_id)
    tx.log(
        row.tenant_id,
        "pending.created",
        {
            "intent_id": row.intent_id,
            "intent_type": row.intent_type,
            "target_artifact_id": row.target_artifact_id,
        },
    )
    return row


def move_pending(
    tx: Tx, tenant_id: str, intent_id: str, to_status: str, execution_id: str | None = None
) -> PendingRow:
    """Move a pending intent along its lifecycle (enforced)."""
    raw = tx.one(
        f"SELECT {PENDING_COLS} FROM pending_intents WHERE intent_id = :i "
        f"AND tenant_id = :t{tx.dialect.for_update}",
        {"i": intent_id, "t": tenant_id},
    )
    if raw is None:
        raise PendingIntentNotFound(f"pending intent {intent_id} not found")
    row = build(PendingRow, raw)
    if to_status not in PENDING_TRANSITIONS[row.status]:
        raise IllegalTransition(
            f"pending intent {intent_id}: {row.status} -> {to_status}", current_status=row.status
        )
    exe = execution_id or row.execution_id
    tx.q(
        "UPDATE pending_intents SET status = :s, execution_id = :e, updated_at = :now "
        "WHERE intent_id = :i",
        {"s": to_status, "e": exe, "now": tx.now, "i": intent_id},
    )
    tx.pending_tenants.add(tenant_id)
    tx.log(tenant_id, f"pending.{to_status}", {"intent_id": intent_id, "execution_id": exe})
    return replace(row, status=to_status, execution_id=exe, updated_at=tx.now)


def append_event(tx: Tx, tenant_id: str, kind: str, payload: Any) -> None:
    """Append a domain event that belongs to no execution."""
    tx.log(tenant_id, kind, payload)
