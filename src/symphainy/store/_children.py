"""Parent/child wake-ups and approval decisions: the store side of journeys.

A parent (e.g. a journey) parks in `waiting` while its children run. Two writes race: the
parent parking and a child finishing. Each locks the parent's row, so whichever commits second
sees the other: a child that finishes after the parent parked resumes it; a parent that parks
after one of the children it waits on finished does not stay parked.
"""

from __future__ import annotations

from typing import Any

from symphainy.contracts import APPROVAL_SIGNAL
from symphainy.errors import IllegalTransition, InvalidRequest, PendingIntentNotFound
from symphainy.store import _executions as ex
from symphainy.store import _signals as sig
from symphainy.store._dialect import in_clause
from symphainy.store._json import dumps, loads
from symphainy.store._records import PENDING_COLS, move_pending
from symphainy.store._rows import PendingRow, build
from symphainy.store._tx import Tx

DECISION_KEY = "decision"


def park(
    tx: Tx,
    tenant_id: str,
    execution_id: str,
    owner: str,
    reason: Any,
    wake_on: list[str],
    wake_on_state: str | None = None,
) -> bool:
    """Park a running execution, unless what it waits for already happened.

    It is resumed at once when one of the children in `wake_on` already finished, or when its
    execution-state entry `wake_on_state` already exists (e.g. an approval decided before the
    approval request parked).
    """
    status = ex.set_waiting(tx, execution_id, owner, reason)
    if status != "waiting":
        return status is not None  # gone (False), or cancelled instead of parked (True)
    if (
        _any_finished(tx, wake_on)
        or _has_state(tx, tenant_id, execution_id, wake_on_state)
        or sig.ready(tx, execution_id)
    ):
        ex.resume(tx, tenant_id, execution_id)
    return True


def _any_finished(tx: Tx, ids: list[str]) -> bool:
    if not ids:
        return False
    clause, params = in_clause("c", ids)
    done = tx.one(
        f"SELECT COUNT(*) FROM executions WHERE execution_id IN {clause} "
        f"AND status IN {ex.TERMINAL_SQL}",
        params,
    )
    return done is not None and int(done[0]) > 0


def _has_state(tx: Tx, tenant_id: str, execution_id: str, key: str | None) -> bool:
    if key is None:
        return False
    row = tx.one(
        "SELECT 1 FROM state WHERE tenant_id = :t AND scope = 'execution' "
        "AND scope_id = :e AND key = :k",
        {"t": tenant_id, "e": execution_id, "k": key},
    )
    return row is not None


def decide(
    tx: Tx,
    tenant_id: str,
    pending_id: str,
    *,
    approve: bool,
    decided_by: str | None,
    comment: str | None,
) -> PendingRow:
    """Approve or reject an approval request; deliver the decision as a signal, atomically.

    The decision reaches the waiting execution as the `symphainy.approval` signal (the one
    wait-and-wake mechanism): it resumes in this transaction if it is parked on it.

    Every refusal is raised before anything is written (the writer's contract).
    """
    raw = tx.one(
        f"SELECT {PENDING_COLS} FROM pending_intents WHERE intent_id = :i AND tenant_id = :t"
        f"{tx.dialect.for_update}",
        {"i": pending_id, "t": tenant_id},
    )
    if raw is None:
        raise PendingIntentNotFound(f"pending intent {pending_id} not found")
    row = build(PendingRow, raw)
    if row.intent_type != "approval":
        raise InvalidRequest(
            f"pending intent {pending_id} is a {row.intent_type!r}, not an approval"
        )
    if row.status != "pending":
        raise IllegalTransition(
            f"approval {pending_id} was already decided ({row.status})", current_status=row.status
        )
    waiting = loads(row.context).get("execution_id")
    found = tx.one(
        "SELECT 1 FROM executions WHERE execution_id = :e AND tenant_id = :t",
        {"e": waiting, "t": tenant_id},
    )
    if not isinstance(waiting, str) or found is None:
        raise IllegalTransition(f"approval {pending_id} names no execution of this tenant")
    decision = {
        "approval_id": pending_id,
        "approved": approve,
        "decided_by": decided_by,
        "comment": comment,
        "at": tx.now,
    }
    if approve:
        move_pending(tx, tenant_id, pending_id, "claimed", waiting)
    final = move_pending(
        tx, tenant_id, pending_id, "completed" if approve else "cancelled", waiting
    )
    # The decision is a signal: the waiting execution resumes in this transaction.
    sig.deliver(tx, tenant_id, waiting, APPROVAL_SIGNAL, dumps(decision), decided_by)
    return final
