"""Schedule writes and reads: create, pause, resume, delete, claim due, record what fired.

Due times are rows. A scheduler claims due schedules under lock (`FOR UPDATE SKIP LOCKED` on
PostgreSQL; SQLite has one writer) and holds them with a lease while it submits their runs,
so several runtime processes on one database never fire one due time twice; a run's
idempotency key is derived from (schedule, due time), so a scheduler that dies between
submitting and recording is repeated harmlessly by the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from symphainy.errors import IllegalTransition, ScheduleLimitReached, ScheduleNotFound
from symphainy.store._dialect import in_clause
from symphainy.store._executions import TERMINAL_SQL, check_session
from symphainy.store._json import dumps
from symphainy.store._rows import ScheduleRow, build, columns
from symphainy.store._tx import Tx

COLS = columns(ScheduleRow)
NextDue = Callable[[ScheduleRow, float], float | None]
"""A schedule's next due time strictly after a moment (the runtime knows cron and zones)."""
_FREE = "(lease_expires IS NULL OR lease_expires < :now)"
_UNFINISHED = f"status NOT IN {TERMINAL_SQL}"


@dataclass(frozen=True, slots=True)
class Claimed:
    """A due schedule this scheduler now holds, and whether a run of it is unfinished."""

    row: ScheduleRow
    busy: bool


@dataclass(frozen=True, slots=True)
class Fired:
    """What a scheduler did with a claimed schedule (recorded, and logged to the WAL)."""

    runs: dict[float, str]
    """Due time → the execution submitted for it."""
    skipped: list[float]
    missed: list[float]
    """The oldest and newest due time the catch-up policy dropped (empty: none)."""
    buffered_due: float | None
    next_due: float | None
    error: str | None = None


def create(tx: Tx, row: ScheduleRow, limit: int) -> ScheduleRow:
    """Insert a schedule (ScheduleLimitReached at the tenant's limit; its session must exist)."""
    held = tx.one("SELECT COUNT(*) FROM schedules WHERE tenant_id = :t", {"t": row.tenant_id})
    if held is not None and int(held[0]) >= limit:
        raise ScheduleLimitReached(limit=limit, setting="schedules_per_tenant")
    if row.session_id is not None:
        check_session(tx, row.tenant_id, row.session_id)
    params = {c.strip(): getattr(row, c.strip()) for c in COLS.split(",")}
    tx.q(f"INSERT INTO schedules ({COLS}) VALUES ({', '.join(':' + k for k in params)})", params)
    _log(tx, row, "schedule.created", intent_type=row.intent_type, journey_id=row.journey_id)
    tx.new_work = True  # other processes' schedulers wake and look at the new due time
    return row


def _log(tx: Tx, row: ScheduleRow, kind: str, **extra: Any) -> None:
    payload = {"schedule_id": row.schedule_id, "status": row.status, "next_due": row.next_due}
    tx.log(row.tenant_id, kind, {**payload, **extra})


def _locked(tx: Tx, tenant_id: str, schedule_id: str) -> ScheduleRow:
    raw = tx.one(
        f"SELECT {COLS} FROM schedules WHERE schedule_id = :s AND tenant_id = :t"
        f"{tx.dialect.for_update}",
        {"s": schedule_id, "t": tenant_id},
    )
    if raw is None:
        raise ScheduleNotFound(f"schedule {schedule_id} not found")
    return build(ScheduleRow, raw)


def _update(tx: Tx, row: ScheduleRow, kind: str) -> ScheduleRow:
    new = replace(row, updated_at=tx.now)
    tx.q(
        "UPDATE schedules SET status = :st, next_due = :n, buffered_due = :b, "
        "updated_at = :now WHERE schedule_id = :s",
        {
            "st": new.status,
            "n": new.next_due,
            "b": new.buffered_due,
            "now": tx.now,
            "s": new.schedule_id,
        },
    )
    _log(tx, new, kind)
    return new


def pause(tx: Tx, tenant_id: str, schedule_id: str) -> ScheduleRow:
    """Stop an active schedule firing (IllegalTransition once it has completed)."""
    row = _locked(tx, tenant_id, schedule_id)
    _refuse_completed(row, "pause")
    return _update(tx, replace(row, status="paused"), "schedule.paused")


def resume(tx: Tx, tenant_id: str, schedule_id: str, next_due: NextDue) -> ScheduleRow:
    """Fire again from the next due time after now; what fell due while paused is dropped."""
    row = _locked(tx, tenant_id, schedule_id)
    _refuse_completed(row, "resume")
    due = next_due(row, tx.now)
    status = "active" if due is not None else "completed"
    tx.new_work = True
    return _update(tx, replace(row, status=status, next_due=due), "schedule.resumed")


def _refuse_completed(row: ScheduleRow, verb: str) -> None:
    if row.status == "completed":
        raise IllegalTransition(
            f"schedule {row.schedule_id} has completed; there is nothing to {verb}",
            current_status=row.status,
        )


def delete(tx: Tx, tenant_id: str, schedule_id: str) -> ScheduleRow:
    """Delete a schedule (its runs keep its id)."""
    row = _locked(tx, tenant_id, schedule_id)
    tx.q("DELETE FROM schedules WHERE schedule_id = :s", {"s": schedule_id})
    _log(tx, row, "schedule.deleted")
    return row


def claim(tx: Tx, owner: str, limit: int, lease: float) -> list[Claimed]:
    """Hold up to `limit` schedules that are due, or whose buffered run may now start."""
    rows = _due(tx, limit) + _unblocked(tx, limit)
    if not rows:
        return []
    tx.many(
        "UPDATE schedules SET lease_owner = :o, lease_expires = :x WHERE schedule_id = :s",
        [{"o": owner, "x": tx.now + lease, "s": r.schedule_id} for r in rows],
    )
    busy = _busy(tx, [r.schedule_id for r in rows])
    return [Claimed(r, r.schedule_id in busy) for r in rows]


def _due(tx: Tx, limit: int) -> list[ScheduleRow]:
    rows = tx.q(
        f"SELECT {COLS} FROM schedules WHERE status = 'active' AND next_due <= :now "
        f"AND {_FREE} ORDER BY next_due LIMIT :n{tx.dialect.skip_locked}",
        {"now": tx.now, "n": limit},
    )
    return [build(ScheduleRow, r) for r in rows]


def _unblocked(tx: Tx, limit: int) -> list[ScheduleRow]:
    # A buffered run waits for the unfinished one; once it is done the schedule is due again.
    rows = tx.q(
        f"SELECT {COLS} FROM schedules s WHERE buffered_due IS NOT NULL AND status = 'active' "
        f"AND (next_due IS NULL OR next_due > :now) AND {_FREE} "
        f"AND NOT EXISTS (SELECT 1 FROM executions x "
        f"WHERE x.schedule_id = s.schedule_id AND x.{_UNFINISHED}) "
        f"ORDER BY buffered_due LIMIT :n{tx.dialect.skip_locked}",
        {"now": tx.now, "n": limit},
    )
    return [build(ScheduleRow, r) for r in rows]


def _busy(tx: Tx, schedule_ids: list[str]) -> set[str]:
    clause, params = in_clause("s", schedule_ids)
    rows = tx.q(
        f"SELECT DISTINCT schedule_id FROM executions WHERE schedule_id IN {clause} "
        f"AND {_UNFINISHED}",
        params,
    )
    return {r[0] for r in rows}


def fired(tx: Tx, claimed: ScheduleRow, owner: str, done: Fired) -> bool:
    """Record what fired and release the lease; False if the schedule was deleted meanwhile."""
    last = max(done.runs, default=None)
    completed = done.next_due is None and done.buffered_due is None
    rows = tx.q(
        "UPDATE schedules SET next_due = :n, buffered_due = :b, "
        "last_due = COALESCE(:ld, last_due), last_execution_id = COALESCE(:le, last_execution_id), "
        "last_error = :err, status = CASE WHEN :c = 1 THEN 'completed' ELSE status END, "
        "lease_owner = NULL, lease_expires = NULL, updated_at = :now "
        "WHERE schedule_id = :s AND lease_owner = :o RETURNING status",
        {
            "n": done.next_due,
            "b": done.buffered_due,
            "ld": last,
            "le": None if last is None else done.runs[last],
            "err": done.error,
            "c": int(completed),
            "now": tx.now,
            "s": claimed.schedule_id,
            "o": owner,
        },
    )
    if not rows:
        return False
    runs = [{"due": due, "execution_id": eid} for due, eid in sorted(done.runs.items())]
    now_row = replace(claimed, status=str(rows[0][0]), next_due=done.next_due)
    _log(
        tx,
        now_row,
        "schedule.fired",
        runs=runs,
        skipped=done.skipped,
        missed=done.missed,
        buffered_due=done.buffered_due,
        error=done.error,
    )
    return True


def record_trigger(tx: Tx, row: ScheduleRow, due: float, execution_id: str) -> None:
    """Log a run started on request (`trigger`), outside the schedule's timing."""
    tx.q(
        "UPDATE schedules SET last_due = :d, last_execution_id = :e, updated_at = :now "
        "WHERE schedule_id = :s AND tenant_id = :t",
        {"d": due, "e": execution_id, "now": tx.now, "s": row.schedule_id, "t": row.tenant_id},
    )
    _log(tx, row, "schedule.triggered", due=due, execution_id=execution_id)


def encode_error(problem: dict[str, Any]) -> str:
    """A submit's problem, as `last_error` keeps it."""
    return dumps(problem)
