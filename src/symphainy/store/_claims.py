"""Claims and leases: workers take queued executions (and expired leases) and keep them alive."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from symphainy.errors import LeaseExpired
from symphainy.store._dialect import in_clause
from symphainy.store._executions import COLS, wake_parent
from symphainy.store._json import dumps
from symphainy.store._queue import NO_LIMITS, Limits, admitted, dequeued
from symphainy.store._quota_gate import running_room
from symphainy.store._rows import ExecutionRow, build
from symphainy.store._tx import Tx


def claim(
    tx: Tx,
    owner: str,
    limit: int,
    lease: float,
    limits: Limits = NO_LIMITS,
    window: int = 0,
    max_running: int | None = None,
) -> list[ExecutionRow]:
    """Claim up to `limit` runnable executions, re-claiming those whose lease expired.

    Queued ones go in the queue's order within the running limits (`_queue.admitted`),
    looking at most `max(limit, window)` queued rows deep. A tenant at its running cap
    (`max_running` by default; its override wins) is skipped: its queued work waits for one
    of its runs to end.
    """
    rows = tx.q(
        f"SELECT {COLS} FROM executions WHERE status = 'running' AND lease_expires < :now "
        f"ORDER BY lease_expires LIMIT :n{tx.dialect.skip_locked}",
        {"now": tx.now, "n": limit},
    )
    room = running_room(tx, max_running)
    rows += admitted(tx, COLS, limit - len(rows), limits, max(limit, window), room)
    claimed: list[ExecutionRow] = []
    updates: list[dict[str, Any]] = []
    for raw in rows:
        row = build(ExecutionRow, raw)
        seq = row.event_seq
        if row.status == "running":
            seq += 1
            tx.log(
                row.tenant_id,
                "execution.lease_expired",
                {"worker": row.lease_owner, "attempt": row.attempt},
                row.execution_id,
                seq,
            )
            if row.attempt >= row.max_attempts:
                _fail_lost(tx, row, seq)
                continue
        seq += 1
        new = replace(
            row,
            status="running",
            attempt=row.attempt + 1,
            lease_owner=owner,
            lease_expires=tx.now + lease,
            event_seq=seq,
            updated_at=tx.now,
            started_at=row.started_at or tx.now,
        )
        tx.log(
            row.tenant_id,
            "execution.started",
            {"attempt": new.attempt, "worker": owner},
            row.execution_id,
            seq,
        )
        updates.append(
            {
                "id": row.execution_id,
                "a": new.attempt,
                "o": owner,
                "le": new.lease_expires,
                "es": seq,
                "now": tx.now,
            }
        )
        claimed.append(new)
    dequeued(tx, claimed)
    tx.many(
        "UPDATE executions SET status = 'running', attempt = :a, lease_owner = :o, "
        "lease_expires = :le, event_seq = :es, updated_at = :now, "
        "started_at = COALESCE(started_at, :now) WHERE execution_id = :id",
        updates,
    )
    return claimed


def _fail_lost(tx: Tx, row: ExecutionRow, seq: int) -> None:
    error = LeaseExpired(
        f"worker {row.lease_owner} stopped heartbeating on the last attempt"
    ).to_problem()
    tx.q(
        "UPDATE executions SET status = 'failed', error = :err, lease_owner = NULL, "
        "lease_expires = NULL, event_seq = :es, updated_at = :now, completed_at = :now "
        "WHERE execution_id = :id",
        {"err": dumps(error), "es": seq + 1, "now": tx.now, "id": row.execution_id},
    )
    tx.log(
        row.tenant_id,
        "execution.failed",
        {"error": error, "attempt": row.attempt},
        row.execution_id,
        seq + 1,
    )
    wake_parent(tx, row.tenant_id, row.parent_execution_id)


def heartbeat(tx: Tx, owner: str, ids: list[str], lease: float) -> tuple[set[str], set[str]]:
    """Extend the leases `owner` holds; return (still owned, cancel requested)."""
    if not ids:
        return set(), set()
    clause, params = in_clause("e", ids)
    params.update({"o": owner, "le": tx.now + lease})
    tx.q(
        f"UPDATE executions SET lease_expires = :le WHERE lease_owner = :o "
        f"AND status = 'running' AND execution_id IN {clause}",
        params,
    )
    rows = tx.q(
        f"SELECT execution_id, cancel_requested FROM executions WHERE lease_owner = :o "
        f"AND status = 'running' AND execution_id IN {clause}",
        params,
    )
    return {r[0] for r in rows}, {r[0] for r in rows if r[1]}
