"""Finishing executions: a group commit's terminal transitions, in one statement per chunk."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from symphainy.store._dialect import Params, Row
from symphainy.store._executions import COLS, wake_parent
from symphainy.store._rows import ExecutionRow, build
from symphainy.store._tx import KeyedBatch, Later, Tx

_QUALIFIED = ", ".join(f"executions.{c.strip()}" for c in COLS.split(","))


def finish(
    tx: Tx, execution_id: str, owner: str, status: str, result: str | None, error: str | None
) -> Later[ExecutionRow | None]:
    """Move a running execution this owner holds to a terminal state; None if it lost it.

    The group's finishes share one statement (`Tx.batched`, `_finish_statement`), whose
    answer is read with the rest of the group's: many workers finishing at once cost one
    statement and, on PostgreSQL, one round trip, not one each.
    """
    row = {"id": execution_id, "st": status, "r": result, "err": error, "o": owner}
    return tx.batched(
        "finish",
        execution_id,
        row,
        lambda: KeyedBatch(_finish_statement(tx.now), _execution_id, FINISH_CHUNK),
        lambda rows: _finished(tx, rows, status, result, error),
    )


FINISH_CHUNK = 256
"""Finishes per statement. Chunks are padded to a power of two with rows that match nothing,
so the engines see at most nine statement texts (and PostgreSQL can prepare each)."""
_FINISH_KEYS = ("id", "st", "r", "err", "o")
_NOTHING = {"id": "", "st": "", "r": None, "err": None, "o": ""}


def _finish_statement(now: float) -> Callable[[list[Params]], tuple[str, Params]]:
    def statement(rows: list[Params]) -> tuple[str, Params]:
        size = 1 << (len(rows) - 1).bit_length()
        padded = [*rows, *([_NOTHING] * (size - len(rows)))]
        params: dict[str, Any] = {"now": now}
        for i, row in enumerate(padded):
            params.update({f"{k}{i}": row[k] for k in _FINISH_KEYS})
        return _finish_sql(size), params

    return statement


@cache
def _finish_sql(size: int) -> str:
    values = ", ".join("(" + ", ".join(f":{k}{i}" for k in _FINISH_KEYS) + ")" for i in range(size))
    # VALUES columns are column1… on both engines (SQLite cannot name them).
    return (
        "UPDATE executions SET status = v.column2, result = v.column3, error = v.column4, "
        "lease_owner = NULL, lease_expires = NULL, event_seq = event_seq + 1, "
        f"updated_at = :now, completed_at = :now FROM (VALUES {values}) AS v "
        "WHERE executions.execution_id = v.column1 AND executions.status = 'running' "
        f"AND executions.lease_owner = v.column5 RETURNING {_QUALIFIED}"
    )


def _execution_id(row: Row) -> str:
    return str(row[0])


def _finished(
    tx: Tx, rows: list[Row], status: str, result: str | None, error: str | None
) -> ExecutionRow | None:
    if not rows:
        return None
    new = build(ExecutionRow, rows[0])
    payload: dict[str, Any] = {"status": status, "attempt": new.attempt}
    if error is not None:
        payload["error"] = new.error_value
    if result is not None:
        payload["result"] = new.result_value
    tx.log(new.tenant_id, f"execution.{status}", payload, new.execution_id, new.event_seq)
    tx.finished.add(new.execution_id)
    wake_parent(tx, new.tenant_id, new.parent_execution_id)
    return new
