"""Delayed starts in the store: which status a new execution takes, and its `scheduled` event."""

from __future__ import annotations

from datetime import UTC, datetime

from symphainy.store._rows import ExecutionRow, NewExecution
from symphainy.store._tx import Tx

QUEUED_SQL = "('created', 'scheduled')"
"""The statuses a worker claims once `run_after` has come (a delayed start is `scheduled`)."""


def first_status(now: float, new: NewExecution, claimed: bool) -> tuple[str, int, float]:
    """(status, event_seq, run_after) of a new execution recorded at `now`.

    A `not_before` still ahead makes it `scheduled` with `run_after` then; one already past
    starts at once, as if none were given.
    """
    scheduled = new.not_before is not None and new.not_before > now
    if scheduled and claimed:  # the Recorder never reserves a slot for a delayed start
        raise ValueError("a delayed start cannot be claimed at submit")
    if claimed:
        return "running", 3, now
    if new.not_before is not None and scheduled:
        return "scheduled", 3, new.not_before
    return "created", 2, now


def log_scheduled(tx: Tx, row: ExecutionRow) -> None:
    """Write the `execution.scheduled` event of a delayed start (seq 3, after `created`)."""
    if row.status != "scheduled":
        return
    at = datetime.fromtimestamp(row.run_after, UTC).isoformat()
    tx.log(row.tenant_id, "execution.scheduled", {"not_before": at}, row.execution_id, 3)
