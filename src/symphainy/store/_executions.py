"""Execution lifecycle writes: submit, claim, heartbeat, finish, retry, wait, cancel."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from symphainy.contracts import TERMINAL
from symphainy.errors import ExecutionNotFound, IllegalTransition, SessionNotFound
from symphainy.store._delayed import first_status, log_scheduled
from symphainy.store._json import loads
from symphainy.store._queue import (
    QUEUE_ORDER,
    Inline,
    dequeued,
    place,
    prefetch_overrides,
    prefetch_place,
    queued,
    starts_inline,
)
from symphainy.store._quota_gate import admit, prefetch_row
from symphainy.store._quotas import QuotaLimits
from symphainy.store._retries import check_retry_of, lineage
from symphainy.store._rows import ExecutionRow, NewExecution, build, columns
from symphainy.store._search import index_attributes
from symphainy.store._tx import Tx

COLS = columns(ExecutionRow)
_NAMES = tuple(c.strip() for c in COLS.split(","))
_INSERT = f"INSERT INTO executions ({COLS}) VALUES ({', '.join(':' + c for c in _NAMES)})"
TERMINAL_SQL = "(" + ", ".join(f"'{s}'" for s in sorted(TERMINAL)) + ")"
"""`TERMINAL` as an SQL list, for `status IN {TERMINAL_SQL}`."""


def _select(tx: Tx, where: str, params: dict[str, Any], lock: bool = False) -> ExecutionRow | None:
    suffix = tx.dialect.for_update if lock else ""
    row = tx.one(f"SELECT {COLS} FROM executions WHERE {where}{suffix}", params)
    return None if row is None else build(ExecutionRow, row)


def submit(
    tx: Tx,
    new: NewExecution,
    owner: str | None,
    lease: float,
    inline: Inline = QUEUE_ORDER,
    quotas: QuotaLimits | None = None,
) -> tuple[ExecutionRow, bool]:
    """Insert the execution (claimed by `owner` when given); dedupe on the idempotency key.

    With `quotas` (the defaults; the tenant's overrides win), the tenant's quotas are checked
    first (see `_quota_gate.admit`): the execution may be refused, or queued instead of claimed.
    `owner` claims it only when `inline` allows too (`_queue.starts_inline`): otherwise it
    queues and the returned row has no `lease_owner`.
    """
    _prefetch(tx, new, owner, quotas)
    try:
        return _submit(tx, new, owner, lease, inline, quotas)
    finally:
        tx.drop_prefetched()  # asked for this submit: another operation must read afresh


def _submit(
    tx: Tx,
    new: NewExecution,
    owner: str | None,
    lease: float,
    inline: Inline,
    quotas: QuotaLimits | None,
) -> tuple[ExecutionRow, bool]:
    if new.idempotency_key is not None:
        found = _select(
            tx,
            "tenant_id = :t AND idempotency_key = :k",
            {"t": new.tenant_id, "k": new.idempotency_key},
        )
        if found is not None:
            return found, True
    _check_refs(tx, new)
    if quotas is not None:  # after the other checks: a refused submit must not be counted
        owner = admit(tx, new, owner, quotas, inline.required)
    where = place(tx, new.tenant_id, new.priority)
    owner = owner if owner is not None and starts_inline(tx, new, inline, where) else None
    row = _new_row(tx.now, new, owner, lease, where.tag)
    if owner is None:
        queued(tx, new.tenant_id, new.priority, where.tag)
    tx.send(_INSERT, _as_params(row))
    index_attributes(tx, new.tenant_id, new.execution_id, new.search_attributes)
    received: dict[str, Any] = {
        "intent_id": new.intent_id,
        "intent_type": new.intent_type,
        "parameters": row.params,
        "session_id": new.session_id,
        **lineage(new),
    }
    if new.schedule_id is not None:
        received.update(schedule_id=new.schedule_id, schedule_due=new.schedule_due)
    if new.search_attributes is not None:
        received["search_attributes"] = loads(new.search_attributes)
    tx.log(new.tenant_id, "intent.received", received, new.execution_id, 1)
    tx.log(new.tenant_id, "execution.created", {"status": "created"}, new.execution_id, 2)
    log_scheduled(tx, row)
    if owner is not None:
        tx.log(
            new.tenant_id, "execution.started", {"attempt": 1, "worker": owner}, new.execution_id, 3
        )
    else:
        tx.new_work = True
    return row, False


def _prefetch(tx: Tx, new: NewExecution, owner: str | None, quotas: QuotaLimits | None) -> None:
    """On PostgreSQL, ask a submit's reads of its tenant at once (`Tx.prefetch`).

    Its quota row, its queue place and its running-limit overrides then travel in one round
    trip instead of three. Not for a child execution or a retry: the parent or the original
    is locked first (`_check_parent`, `check_retry_of`), and reads asked before that lock
    would not see what it waited for. A tenant with quotas reads its place again after
    locking its quota row (`_quotas.lock` drops what was asked before).
    """
    if tx.pipeline is None or new.parent_execution_id is not None or new.retry_of is not None:
        return
    if quotas is not None:
        prefetch_row(tx, new.tenant_id)
    prefetch_place(tx, new.tenant_id, new.priority)
    if owner is not None:
        prefetch_overrides(tx, new.tenant_id)


def _check_refs(tx: Tx, new: NewExecution) -> None:
    if new.session_id is not None:
        check_session(tx, new.tenant_id, new.session_id)
    if new.parent_execution_id is not None:
        _check_parent(tx, new.tenant_id, new.parent_execution_id)
    check_retry_of(tx, new)


def check_session(tx: Tx, tenant_id: str, session_id: str) -> None:
    """SessionNotFound unless the tenant has that session."""
    found = tx.one(
        "SELECT 1 FROM sessions WHERE session_id = :s AND tenant_id = :t",
        {"s": session_id, "t": tenant_id},
    )
    if found is None:
        raise SessionNotFound(f"session {session_id} not found")


def _check_parent(tx: Tx, tenant_id: str, parent_id: str) -> None:
    # Locked against a concurrent cancel: either the cancel sees this child when it lists the
    # parent's children, or this sees the cancel and starts nothing.
    parent = tx.one(
        f"SELECT status, cancel_requested FROM executions WHERE execution_id = :e "
        f"AND tenant_id = :t{tx.dialect.for_share}",
        {"e": parent_id, "t": tenant_id},
    )
    if parent is None:
        raise ExecutionNotFound(f"parent execution {parent_id} not found")
    if parent[0] in TERMINAL or parent[1]:
        state = "being cancelled" if parent[0] not in TERMINAL else parent[0]
        raise IllegalTransition(
            f"parent execution {parent_id} is {state}; it cannot start new work",
            current_status=parent[0],
            parent_cancel_requested=bool(parent[1]),
        )


def _new_row(
    now: float, new: NewExecution, owner: str | None, lease: float, fair_seq: int
) -> ExecutionRow:
    claimed = owner is not None
    status, seq, run_after = first_status(now, new, claimed)
    return ExecutionRow(
        execution_id=new.execution_id,
        tenant_id=new.tenant_id,
        intent_id=new.intent_id,
        intent_type=new.intent_type,
        session_id=new.session_id,
        solution_id=new.solution_id,
        user_id=new.user_id,
        parent_execution_id=new.parent_execution_id,
        idempotency_key=new.idempotency_key,
        parameters=new.parameters,
        metadata=new.metadata,
        status=status,
        attempt=1 if claimed else 0,
        max_attempts=new.max_attempts,
        result=None,
        error=None,
        lease_owner=owner,
        lease_expires=now + lease if claimed else None,
        run_after=run_after,
        cancel_requested=0,
        event_seq=seq,
        correlation_id=new.correlation_id,
        request_id=new.request_id,
        created_at=now,
        updated_at=now,
        started_at=now if claimed else None,
        completed_at=None,
        schedule_id=new.schedule_id,
        schedule_due=new.schedule_due,
        not_before=new.not_before,
        intent_version=new.intent_version,
        retry_of=new.retry_of,
        priority=new.priority,
        fair_seq=fair_seq,
        search_attributes=new.search_attributes,
        traceparent=new.traceparent,
        tracestate=new.tracestate,
    )


def _as_params(row: ExecutionRow) -> dict[str, Any]:
    return {c: getattr(row, c) for c in _NAMES}


def retry(tx: Tx, execution_id: str, owner: str, error: str, delay: float) -> bool:
    """Put a failed attempt back in the queue after `delay` seconds."""
    row = _select(
        tx,
        "execution_id = :id AND status = 'running' AND lease_owner = :o",
        {"id": execution_id, "o": owner},
        lock=True,
    )
    if row is None:
        return False
    seq = row.event_seq + 1
    tx.q(
        "UPDATE executions SET status = 'created', error = :err, lease_owner = NULL, "
        "lease_expires = NULL, run_after = :ra, event_seq = :es, updated_at = :now "
        "WHERE execution_id = :id",
        {"err": error, "ra": tx.now + delay, "es": seq, "now": tx.now, "id": execution_id},
    )
    tx.log(
        row.tenant_id,
        "execution.retry_scheduled",
        {"attempt": row.attempt, "delay_seconds": delay, "error": loads(error)},
        execution_id,
        seq,
    )
    tx.new_work = True
    return True


def set_waiting(tx: Tx, execution_id: str, owner: str, reason: Any) -> str | None:
    """Park a running execution; its new status (`cancelled` if so asked), None if not ours."""
    row = _select(
        tx,
        "execution_id = :id AND status = 'running' AND lease_owner = :o",
        {"id": execution_id, "o": owner},
        lock=True,
    )
    if row is None:
        return None
    seq = row.event_seq + 1
    if row.cancel_requested:
        # Cancelled while it ran: it stops here instead of parking (a parked execution has
        # no worker left to notice the flag).
        _cancel_now(tx, row, seq)
        return "cancelled"
    tx.q(
        "UPDATE executions SET status = 'waiting', lease_owner = NULL, lease_expires = NULL, "
        "event_seq = :es, updated_at = :now WHERE execution_id = :id",
        {"es": seq, "now": tx.now, "id": execution_id},
    )
    tx.log(row.tenant_id, "execution.waiting", {"reason": reason}, execution_id, seq)
    return "waiting"


def resume(tx: Tx, tenant_id: str, execution_id: str) -> bool:
    """Make a waiting execution runnable again."""
    row = _select(
        tx, "execution_id = :id AND tenant_id = :t", {"id": execution_id, "t": tenant_id}, lock=True
    )
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} not found")
    return _resume(tx, row)


def _resume(tx: Tx, row: ExecutionRow) -> bool:
    """Requeue `row` (read under lock) if it is waiting; False if it is not."""
    if row.status != "waiting":
        return False
    seq = row.event_seq + 1
    tx.q(
        # The resumed run continues the same attempt (claiming counts it again).
        "UPDATE executions SET status = 'created', run_after = :now, event_seq = :es, "
        "attempt = attempt - 1, updated_at = :now WHERE execution_id = :id",
        {"es": seq, "now": tx.now, "id": row.execution_id},
    )
    tx.log(row.tenant_id, "execution.resumed", {}, row.execution_id, seq)
    tx.new_work = True
    return True


def cancel(tx: Tx, tenant_id: str, execution_id: str) -> ExecutionRow:
    """Cancel now if not running; otherwise flag it for the worker that runs it."""
    row = _select(
        tx, "execution_id = :id AND tenant_id = :t", {"id": execution_id, "t": tenant_id}, lock=True
    )
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} not found")
    if row.status in TERMINAL:
        raise IllegalTransition(
            f"execution {execution_id} is already {row.status}", current_status=row.status
        )
    if row.status == "running":
        if row.cancel_requested:
            return row
        seq = row.event_seq + 1
        tx.q(
            "UPDATE executions SET cancel_requested = 1, event_seq = :es, updated_at = :now "
            "WHERE execution_id = :id",
            {"es": seq, "now": tx.now, "id": execution_id},
        )
        tx.log(tenant_id, "execution.cancel_requested", {}, execution_id, seq)
        return replace(row, cancel_requested=1, event_seq=seq)
    seq = row.event_seq + 1
    _cancel_now(tx, row, seq)
    return replace(row, status="cancelled", cancel_requested=1, event_seq=seq)


def _cancel_now(tx: Tx, row: ExecutionRow, seq: int) -> None:
    dequeued(tx, [row])
    tx.q(
        "UPDATE executions SET status = 'cancelled', cancel_requested = 1, lease_owner = NULL, "
        "lease_expires = NULL, event_seq = :es, updated_at = :now, completed_at = :now "
        "WHERE execution_id = :id",
        {"es": seq, "now": tx.now, "id": row.execution_id},
    )
    tx.log(row.tenant_id, "execution.cancelled", {"status": "cancelled"}, row.execution_id, seq)
    tx.finished.add(row.execution_id)
    wake_parent(tx, row.tenant_id, row.parent_execution_id)


def wake_parent(tx: Tx, tenant_id: str, parent_id: str | None) -> None:
    """A child reached a terminal state: resume its parent if the parent is waiting on it."""
    if parent_id is None:
        return
    row = _select(
        tx, "execution_id = :id AND tenant_id = :t", {"id": parent_id, "t": tenant_id}, True
    )
    if row is not None:
        _resume(tx, row)


def emit(tx: Tx, tenant_id: str, execution_id: str, kind: str, payload: Any) -> int:
    """Append an event to an execution's stream; return its sequence number."""
    row = tx.one(
        "UPDATE executions SET event_seq = event_seq + 1 "
        "WHERE execution_id = :id AND tenant_id = :t RETURNING event_seq",
        {"id": execution_id, "t": tenant_id},
    )
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} not found")
    seq = int(row[0])
    tx.log(tenant_id, kind, payload, execution_id, seq)
    return seq
