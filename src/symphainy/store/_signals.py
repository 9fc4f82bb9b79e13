"""Signals: durable messages to an execution, consumed exactly once by the handler waiting.

A send inserts the signal and, in the same transaction, resumes the execution if it is parked
on an open wait of that name. A handler's `take` consumes under the execution's row lock, so
concurrent senders and a consumer never see a half-written state. Each wait is keyed by a
*consumer* (`<name>#<n>`: the n-th wait on that name in a run, or a key the handler chooses),
so a handler that runs again from the top gets the very signals it consumed before, and a
timed-out wait stays timed out: consumption is recorded once and replayed, never repeated.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from symphainy.contracts import TERMINAL
from symphainy.errors import ExecutionFinished, ExecutionNotFound
from symphainy.store import _executions as ex
from symphainy.store._rows import build, columns
from symphainy.store._tx import Tx


@dataclass(frozen=True, slots=True)
class SignalRow:
    """One stored signal."""

    signal_id: str
    tenant_id: str
    execution_id: str
    seq: int
    name: str
    payload: str
    sent_by: str | None
    sent_at: float
    consumed_by: str | None
    consumed_at: float | None


Outcome = Literal["signal", "timeout", "park"]


@dataclass(frozen=True, slots=True)
class Taken:
    """What a `take` found: the signals consumed (or replayed), a timeout, or a wait to park on."""

    outcome: Outcome
    signals: tuple[SignalRow, ...] = ()
    deadline: float | None = None


COLS = columns(SignalRow)


def _locked_status(tx: Tx, tenant_id: str, execution_id: str) -> str:
    """The execution's status, its row locked (ExecutionNotFound for another tenant's)."""
    row = tx.one(
        f"SELECT status FROM executions WHERE execution_id = :e AND tenant_id = :t"
        f"{tx.dialect.for_update}",
        {"e": execution_id, "t": tenant_id},
    )
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} not found")
    return str(row[0])


def send(
    tx: Tx, tenant_id: str, execution_id: str, name: str, payload: str, sent_by: str | None
) -> SignalRow:
    """A caller's signal: refused for a finished execution (ExecutionFinished), else delivered."""
    status = _locked_status(tx, tenant_id, execution_id)
    if status in TERMINAL:
        raise ExecutionFinished(
            f"execution {execution_id} is {status}; it takes no more signals",
            current_status=status,
        )
    return _deliver(tx, tenant_id, execution_id, status, name, payload, sent_by)


def deliver(
    tx: Tx, tenant_id: str, execution_id: str, name: str, payload: str, sent_by: str | None
) -> SignalRow:
    """The platform's own signal (an approval decision): stored whatever the status."""
    status = _locked_status(tx, tenant_id, execution_id)
    return _deliver(tx, tenant_id, execution_id, status, name, payload, sent_by)


def _deliver(
    tx: Tx,
    tenant_id: str,
    execution_id: str,
    status: str,
    name: str,
    payload: str,
    sent_by: str | None,
) -> SignalRow:
    last = tx.one(
        "SELECT MAX(seq) FROM execution_signals WHERE execution_id = :e", {"e": execution_id}
    )
    seq = int(last[0]) + 1 if last is not None and last[0] is not None else 1
    row = SignalRow(
        uuid.uuid4().hex, tenant_id, execution_id, seq, name, payload, sent_by, tx.now, None, None
    )
    tx.q(
        f"INSERT INTO execution_signals ({COLS}) VALUES (:signal_id, :tenant_id, :execution_id, "
        ":seq, :name, :payload, :sent_by, :sent_at, :consumed_by, :consumed_at)",
        {c.strip(): getattr(row, c.strip()) for c in COLS.split(",")},
    )
    event = {"signal_id": row.signal_id, "name": name, "seq": seq, "sent_by": sent_by}
    _log(tx, row.tenant_id, execution_id, "signal.received", event)
    if status == "waiting" and _open_wait_on(tx, execution_id, name):
        ex.resume(tx, tenant_id, execution_id)
    return row


def _log(tx: Tx, tenant_id: str, execution_id: str, kind: str, payload: Any) -> None:
    tx.log(tenant_id, kind, payload, execution_id, tx.next_event_seqs(execution_id))


def _open_wait_on(tx: Tx, execution_id: str, name: str) -> bool:
    row = tx.one(
        "SELECT 1 FROM signal_waits WHERE execution_id = :e AND name = :n AND status = 'open'",
        {"e": execution_id, "n": name},
    )
    return row is not None


def take(
    tx: Tx,
    tenant_id: str,
    execution_id: str,
    consumer: str,
    name: str,
    timeout: float | None,
    drain: bool = False,
) -> Taken:
    """Consume for `consumer`: replay what it had, else the oldest signal(s), else a wait.

    `drain` takes every unconsumed signal of `name` (possibly none) and never waits.
    """
    _locked_status(tx, tenant_id, execution_id)
    wait = tx.one(
        "SELECT status, deadline FROM signal_waits WHERE execution_id = :e AND consumer = :c",
        {"e": execution_id, "c": consumer},
    )
    if wait is not None and wait[0] != "open":
        return _replay(tx, execution_id, consumer, str(wait[0]))
    found = _unconsumed(tx, execution_id, name, None if drain else 1)
    if found or drain:
        _consume(tx, tenant_id, execution_id, consumer, found)
        _close_wait(tx, tenant_id, execution_id, consumer, name, "done", wait is None)
        return Taken("signal", tuple(found))
    deadline = wait[1] if wait is not None else (None if timeout is None else tx.now + timeout)
    if deadline is not None and deadline <= tx.now:
        _close_wait(tx, tenant_id, execution_id, consumer, name, "timeout", wait is None)
        _log(tx, tenant_id, execution_id, "signal.timed_out", {"name": name, "consumer": consumer})
        return Taken("timeout")
    if wait is None:
        _insert_wait(tx, tenant_id, execution_id, consumer, name, deadline, "open")
    return Taken("park", deadline=deadline)


def _replay(tx: Tx, execution_id: str, consumer: str, status: str) -> Taken:
    if status == "timeout":
        return Taken("timeout")
    rows = tx.q(
        f"SELECT {COLS} FROM execution_signals WHERE execution_id = :e AND consumed_by = :c "
        "ORDER BY seq",
        {"e": execution_id, "c": consumer},
    )
    return Taken("signal", tuple(build(SignalRow, r) for r in rows))


def _unconsumed(tx: Tx, execution_id: str, name: str, limit: int | None) -> list[SignalRow]:
    rows = tx.q(
        f"SELECT {COLS} FROM execution_signals WHERE execution_id = :e AND name = :n "
        "AND consumed_by IS NULL ORDER BY seq" + ("" if limit is None else f" LIMIT {limit}"),
        {"e": execution_id, "n": name},
    )
    return [build(SignalRow, r) for r in rows]


def _consume(
    tx: Tx, tenant_id: str, execution_id: str, consumer: str, rows: list[SignalRow]
) -> None:
    for row in rows:
        tx.q(
            "UPDATE execution_signals SET consumed_by = :c, consumed_at = :now "
            "WHERE signal_id = :s AND consumed_by IS NULL",
            {"c": consumer, "now": tx.now, "s": row.signal_id},
        )
        event = {"signal_id": row.signal_id, "name": row.name, "consumer": consumer}
        _log(tx, tenant_id, execution_id, "signal.consumed", event)


def _insert_wait(
    tx: Tx,
    tenant_id: str,
    execution_id: str,
    consumer: str,
    name: str,
    deadline: float | None,
    status: str,
) -> None:
    tx.q(
        "INSERT INTO signal_waits (execution_id, consumer, tenant_id, name, deadline, status, "
        "created_at, updated_at) VALUES (:e, :c, :t, :n, :d, :s, :now, :now)",
        {
            "e": execution_id,
            "c": consumer,
            "t": tenant_id,
            "n": name,
            "d": deadline,
            "s": status,
            "now": tx.now,
        },
    )


def _close_wait(
    tx: Tx, tenant_id: str, execution_id: str, consumer: str, name: str, status: str, new: bool
) -> None:
    if new:
        _insert_wait(tx, tenant_id, execution_id, consumer, name, None, status)
        return
    tx.q(
        "UPDATE signal_waits SET status = :s, updated_at = :now "
        "WHERE execution_id = :e AND consumer = :c",
        {"s": status, "now": tx.now, "e": execution_id, "c": consumer},
    )


def ready(tx: Tx, execution_id: str) -> bool:
    """Whether an open wait of this execution can end now (its signal came, or its time passed).

    Parking checks this under the execution's lock, so a signal sent while the handler was
    deciding to wait is not lost: the execution is resumed instead of staying parked.
    """
    row = tx.one(
        "SELECT 1 FROM signal_waits w WHERE w.execution_id = :e AND w.status = 'open' AND "
        "((w.deadline IS NOT NULL AND w.deadline <= :now) OR EXISTS (SELECT 1 FROM "
        "execution_signals s WHERE s.execution_id = w.execution_id AND s.name = w.name "
        "AND s.consumed_by IS NULL))",
        {"e": execution_id, "now": tx.now},
    )
    return row is not None


def wake_due(tx: Tx, limit: int) -> int:
    """Resume parked executions whose signal wait timed out; return how many were resumed."""
    rows = tx.q(
        "SELECT DISTINCT w.tenant_id, w.execution_id FROM signal_waits w JOIN executions x "
        "ON x.execution_id = w.execution_id WHERE w.status = 'open' AND w.deadline <= :now "
        "AND x.status = 'waiting' LIMIT :n",
        {"now": tx.now, "n": limit},
    )
    # Open waits of executions that ended meanwhile will never be taken: close them.
    tx.q(
        "UPDATE signal_waits SET status = 'closed', updated_at = :now WHERE status = 'open' "
        "AND deadline <= :now AND execution_id IN (SELECT execution_id FROM executions "
        f"WHERE status IN {ex.TERMINAL_SQL})",
        {"now": tx.now},
    )
    return sum(ex.resume(tx, str(t), str(e)) for t, e in rows)


NEXT_DEADLINE_SQL = (
    "SELECT MIN(w.deadline) FROM signal_waits w JOIN executions x "
    "ON x.execution_id = w.execution_id WHERE w.status = 'open' AND w.deadline IS NOT NULL "
    "AND (x.status = 'waiting' OR w.deadline > :now)"
)
"""The earliest deadline worth waking for (NULL when none): any future one (its execution may
be about to park), and past ones of parked executions. A wait whose deadline passes before its
execution parks needs no timer: parking sees the passed deadline and resumes at once."""
