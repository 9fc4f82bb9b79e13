"""Retention writes: policies, legal holds, and the batched removals (each with its WAL entry).

Every removal re-checks, under the rows' locks and inside its own short transaction, what the
candidate read saw: a hold placed or a child started meanwhile keeps the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symphainy.errors import Conflict, NotFound
from symphainy.store._dialect import in_clause
from symphainy.store._executions import TERMINAL_SQL
from symphainy.store._records import update_artifact
from symphainy.store._tx import Tx

HOLD_TABLES = {
    "execution": ("executions", "execution_id"),
    "artifact": ("artifacts", "artifact_id"),
}
"""What a legal hold may name: its kind → (table, key column)."""
PURGEABLE = ("ARCHIVED", "DELETED")

# Every execution of the trees rooted at the given ids, with what keeps one: an unfinished or
# recent member, a hold, or an artifact it produced that still exists.
TREE_SQL = (
    "WITH RECURSIVE tree(root, id) AS ("
    " SELECT execution_id, execution_id FROM executions WHERE tenant_id = :t"
    " AND execution_id IN {ids}"
    " UNION SELECT tree.root, c.execution_id FROM executions c"
    " JOIN tree ON c.parent_execution_id = tree.id WHERE c.tenant_id = :t)"
    " SELECT tree.root, e.execution_id,"
    f" CASE WHEN e.status IN {TERMINAL_SQL} AND e.completed_at < :before THEN 0 ELSE 1 END,"
    " CASE WHEN EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = :t"
    " AND h.kind = 'execution' AND h.target_id = e.execution_id) THEN 1 ELSE 0 END,"
    " CASE WHEN EXISTS (SELECT 1 FROM artifacts a"
    " WHERE a.produced_by_execution = e.execution_id) THEN 1 ELSE 0 END"
    " FROM tree JOIN executions e ON e.execution_id = tree.id"
)


@dataclass(frozen=True, slots=True)
class PolicyRow:
    """A tenant's stored retention policy (None: the platform default)."""

    tenant_id: str
    execution_days: int | None
    artifact_days: int | None
    wal_days: int | None
    updated_by: str | None
    updated_at: float


@dataclass(frozen=True, slots=True)
class HoldRow:
    """A legal hold on one execution or artifact."""

    tenant_id: str
    kind: str
    target_id: str
    reason: str
    placed_by: str | None
    placed_at: float


def set_policy(tx: Tx, row: PolicyRow) -> PolicyRow:
    """Upsert a tenant's policy, logged as `retention.policy_set`."""
    tx.q(
        "INSERT INTO retention_policies (tenant_id, execution_days, artifact_days, wal_days, "
        "updated_by, updated_at) VALUES (:t, :e, :a, :w, :b, :now) ON CONFLICT (tenant_id) "
        "DO UPDATE SET execution_days = excluded.execution_days, "
        "artifact_days = excluded.artifact_days, wal_days = excluded.wal_days, "
        "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        {
            "t": row.tenant_id,
            "e": row.execution_days,
            "a": row.artifact_days,
            "w": row.wal_days,
            "b": row.updated_by,
            "now": tx.now,
        },
    )
    days = {"execution_days": row.execution_days, "artifact_days": row.artifact_days}
    tx.log(
        row.tenant_id,
        "retention.policy_set",
        {**days, "wal_days": row.wal_days, "by": row.updated_by},
    )
    return PolicyRow(
        row.tenant_id, row.execution_days, row.artifact_days, row.wal_days, row.updated_by, tx.now
    )


def place_hold(tx: Tx, row: HoldRow) -> HoldRow:
    """Hold an execution or artifact of the tenant (NotFound if it has none by that id)."""
    table, key = HOLD_TABLES[row.kind]
    # The lock orders this against a retention batch deciding about the same row.
    found = tx.one(
        f"SELECT {'lifecycle_state' if row.kind == 'artifact' else 'status'} FROM {table} "
        f"WHERE {key} = :id AND tenant_id = :t{tx.dialect.for_update}",
        {"id": row.target_id, "t": row.tenant_id},
    )
    if found is None:
        raise NotFound(f"no {row.kind} {row.target_id} in this tenant")
    if row.kind == "artifact" and found[0] == "DELETED":
        raise Conflict(f"artifact {row.target_id} is already deleted; its content is gone")
    tx.q(
        "INSERT INTO legal_holds (tenant_id, kind, target_id, reason, placed_by, placed_at) "
        "VALUES (:t, :k, :id, :r, :b, :now) ON CONFLICT (tenant_id, kind, target_id) "
        "DO UPDATE SET reason = excluded.reason, placed_by = excluded.placed_by, "
        "placed_at = excluded.placed_at",
        {
            "t": row.tenant_id,
            "k": row.kind,
            "id": row.target_id,
            "r": row.reason,
            "b": row.placed_by,
            "now": tx.now,
        },
    )
    payload = {"kind": row.kind, "target_id": row.target_id, "reason": row.reason}
    tx.log(row.tenant_id, "legal_hold.placed", {**payload, "by": row.placed_by})
    return HoldRow(row.tenant_id, row.kind, row.target_id, row.reason, row.placed_by, tx.now)


def release_hold(tx: Tx, tenant_id: str, kind: str, target_id: str, by: str | None) -> None:
    """Release a hold (NotFound if there is none)."""
    gone = tx.q(
        "DELETE FROM legal_holds WHERE tenant_id = :t AND kind = :k AND target_id = :id "
        "RETURNING target_id",
        {"t": tenant_id, "k": kind, "id": target_id},
    )
    if not gone:
        raise NotFound(f"no legal hold on {kind} {target_id} in this tenant")
    tx.log(tenant_id, "legal_hold.released", {"kind": kind, "target_id": target_id, "by": by})


def remove_trees(tx: Tx, tenant_id: str, roots: list[str], before: float) -> list[str]:
    """Delete the execution trees under `roots` that nothing keeps; return the removed ids."""
    if tx.dialect.for_update:
        # Lock first, then decide on what is committed now: a hold placed meanwhile is seen.
        # (SQLite has one writer at a time: nothing can change under this transaction.)
        ids = [row[1] for row in tx.q(*tree_query(tenant_id, roots, before))]
        if not ids:
            return []
        clause, params = in_clause("x", sorted(ids))
        lock = f"SELECT execution_id FROM executions WHERE execution_id IN {clause} ORDER BY 1"
        tx.q(lock + tx.dialect.for_update, params)
    doomed = unkept(tx.q(*tree_query(tenant_id, roots, before)))
    if doomed:
        _delete_executions(tx, tenant_id, doomed)
    return doomed


def tree_query(tenant_id: str, roots: list[str], before: float) -> tuple[str, dict[str, Any]]:
    """`TREE_SQL` and its parameters for `roots`."""
    clause, params = in_clause("r", roots)
    return TREE_SQL.format(ids=clause), {**params, "t": tenant_id, "before": before}


def unkept(rows: list[Any]) -> list[str]:
    """The members of the trees in `TREE_SQL` rows that no member keeps."""
    kept = {row[0] for row in rows if any(row[2:])}
    return [str(row[1]) for row in rows if row[0] not in kept]


def _delete_executions(tx: Tx, tenant_id: str, ids: list[str]) -> None:
    clause, params = in_clause("x", ids)
    params = {**params, "t": tenant_id}
    for table in ("execution_signals", "signal_waits", "pending_intents"):
        tx.q(f"DELETE FROM {table} WHERE tenant_id = :t AND execution_id IN {clause}", params)
    tx.q(
        f"DELETE FROM state WHERE tenant_id = :t AND scope = 'execution' AND scope_id IN {clause}",
        params,
    )
    tx.q(f"DELETE FROM executions WHERE tenant_id = :t AND execution_id IN {clause}", params)
    tx.log(tenant_id, "retention.removed", {"kind": "executions", "count": len(ids), "ids": ids})


def expire_artifacts(tx: Tx, tenant_id: str, ids: list[str]) -> list[str]:
    """READY → ARCHIVED and FAILED → DELETED for expired artifacts nothing keeps."""
    moved = []
    for artifact_id, state in _lock_artifacts(tx, tenant_id, ids, ("READY", "FAILED")):
        if _kept(tx, artifact_id, PURGEABLE):
            continue
        to = "ARCHIVED" if state == "READY" else "DELETED"
        update_artifact(tx, tenant_id, artifact_id, to_state=to)
        moved.append(artifact_id)
    return moved


def delete_archived(tx: Tx, tenant_id: str, ids: list[str]) -> list[str]:
    """ARCHIVED → DELETED (the grace period is over) unless a hold or a live child keeps one."""
    moved = []
    for artifact_id, _state in _lock_artifacts(tx, tenant_id, ids, ("ARCHIVED",)):
        if _kept(tx, artifact_id, ("DELETED",)):
            continue
        update_artifact(tx, tenant_id, artifact_id, to_state="DELETED")
        moved.append(artifact_id)
    return moved


def purge_artifacts(tx: Tx, tenant_id: str, ids: list[str]) -> list[str]:
    """Remove DELETED artifacts that no artifact derives from (their blobs are already gone)."""
    doomed = [
        artifact_id
        for artifact_id, _state in _lock_artifacts(tx, tenant_id, ids, ("DELETED",))
        if not _kept(tx, artifact_id, ())
    ]
    if doomed:
        clause, params = in_clause("x", doomed)
        params = {**params, "t": tenant_id}
        tx.q(
            f"DELETE FROM artifact_parents WHERE tenant_id = :t AND artifact_id IN {clause}", params
        )
        tx.q(f"DELETE FROM artifacts WHERE tenant_id = :t AND artifact_id IN {clause}", params)
        tx.log(
            tenant_id,
            "retention.removed",
            {"kind": "artifacts", "count": len(doomed), "ids": doomed},
        )
    return doomed


def _lock_artifacts(
    tx: Tx, tenant_id: str, ids: list[str], states: tuple[str, ...]
) -> list[tuple[str, str]]:
    clause, params = in_clause("x", ids)
    wanted, sparams = in_clause("s", states)
    rows = tx.q(
        f"SELECT artifact_id, lifecycle_state FROM artifacts WHERE tenant_id = :t "
        f"AND artifact_id IN {clause} AND lifecycle_state IN {wanted} "
        f"ORDER BY artifact_id{tx.dialect.for_update}",
        {**params, **sparams, "t": tenant_id},
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def _kept(tx: Tx, artifact_id: str, gone: tuple[str, ...]) -> bool:
    sql = f"SELECT 1 FROM artifacts a WHERE a.artifact_id = :a AND {kept_sql(gone)}"
    return tx.one(sql, {"a": artifact_id}) is not None


def kept_sql(gone: tuple[str, ...]) -> str:
    """SQL true for artifact `a` if it is held, or a child of it is in none of `gone` states.

    A descendant that is kept keeps its ancestors; one already on its way out does not (with
    no `gone` states, any child keeps it).
    """
    marks = ", ".join(f"'{s}'" for s in gone)  # fixed lifecycle names, never input
    live = f" AND c.lifecycle_state NOT IN ({marks})" if gone else ""
    return (
        "(EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = a.tenant_id "
        "AND h.kind = 'artifact' AND h.target_id = a.artifact_id) OR EXISTS (SELECT 1 "
        "FROM artifact_parents p JOIN artifacts c ON c.artifact_id = p.artifact_id "
        f"WHERE p.parent_id = a.artifact_id{live}))"
    )


def write_anchor(
    tx: Tx, tenant_id: str, anchor: tuple[int, str], token: str, counts: dict[str, int]
) -> None:
    """Record the signed anchor a compacted chain starts from, and log the compaction."""
    seq, head_hash = anchor
    tx.q(
        "INSERT INTO wal_anchors (tenant_id, seq, hash, checkpoint, compacted_at) "
        "VALUES (:t, :s, :h, :c, :now) ON CONFLICT (tenant_id) DO UPDATE SET "
        "seq = excluded.seq, hash = excluded.hash, checkpoint = excluded.checkpoint, "
        "compacted_at = excluded.compacted_at",
        {"t": tenant_id, "s": seq, "h": head_hash, "c": token, "now": tx.now},
    )
    tx.log(
        tenant_id, "wal.compacted", {"anchor_seq": seq, "anchor_hash": head_hash, "counts": counts}
    )


def drop_wal(tx: Tx, tenant_id: str, below: int, upto: int) -> int:
    """Delete the tenant's WAL entries with `below` < seq <= `upto` (under the anchor)."""
    gone = tx.q(
        "DELETE FROM wal WHERE tenant_id = :t AND seq > :lo AND seq <= :hi "
        "AND seq <= (SELECT seq FROM wal_anchors WHERE tenant_id = :t) RETURNING seq",
        {"t": tenant_id, "lo": below, "hi": upto},
    )
    return len(gone)
