"""Retries: the store's side of re-running a failed or cancelled execution as a new one.

A retry is an ordinary submit whose row names the execution it re-runs (`retry_of`). The
original is locked while the retry is written, so its status is checked and at most one retry
of it is ever recorded (a second request, a double click or another node, is refused 409; the
unique index on `retry_of` backs this up).
"""

from __future__ import annotations

from typing import Any

from symphainy.errors import ExecutionNotFound, IllegalTransition
from symphainy.store._rows import NewExecution
from symphainy.store._tx import Tx

RETRYABLE = ("failed", "cancelled")
"""The statuses an execution can be retried from."""


def lineage(new: NewExecution) -> dict[str, Any]:
    """What the `intent.received` WAL entry says of the version and the execution re-run."""
    return {"intent_version": new.intent_version, "retry_of": new.retry_of}


def check_retry_of(tx: Tx, new: NewExecution) -> None:
    """Refuse (before anything is written) a retry of an unknown, unfinished or retried one."""
    if new.retry_of is None:
        return
    tenant_id, original_id = new.tenant_id, new.retry_of
    found = tx.one(
        f"SELECT status FROM executions WHERE execution_id = :e AND tenant_id = :t"
        f"{tx.dialect.for_update}",
        {"e": original_id, "t": tenant_id},
    )
    if found is None:
        raise ExecutionNotFound(f"execution {original_id} not found")
    if found[0] not in RETRYABLE:
        raise IllegalTransition(
            f"execution {original_id} is {found[0]}; only failed or cancelled ones are retried",
            current_status=found[0],
        )
    retried = tx.one(
        "SELECT execution_id FROM executions WHERE retry_of = :e AND tenant_id = :t",
        {"e": original_id, "t": tenant_id},
    )
    if retried is not None:
        raise IllegalTransition(
            f"execution {original_id} was already retried as {retried[0]}",
            current_status=found[0],
            retried_by=retried[0],
        )
