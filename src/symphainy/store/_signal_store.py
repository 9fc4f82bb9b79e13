"""`Store.signals`: send, take and time out signals, each in one group-committed transaction."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from symphainy.store import _signals as sig
from symphainy.store._signals import SignalRow, Taken

if TYPE_CHECKING:
    from symphainy.store._store import Store


class SignalStore:
    """Signal writes (atomic with their WAL entries and wake-ups) and the timer's one read."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def send(
        self, tenant_id: str, execution_id: str, name: str, payload: str, sent_by: str | None
    ) -> SignalRow:
        """Deliver a caller's signal; see `_signals.send`."""
        return await self._store.write(
            lambda tx: sig.send(tx, tenant_id, execution_id, name, payload, sent_by)
        )

    async def take(
        self,
        tenant_id: str,
        execution_id: str,
        consumer: str,
        name: str,
        timeout: float | None,
        *,
        drain: bool = False,
    ) -> Taken:
        """Consume (or replay) for `consumer`, or open its wait; see `_signals.take`."""
        return await self._store.write(
            lambda tx: sig.take(tx, tenant_id, execution_id, consumer, name, timeout, drain)
        )

    async def wake_due(self, limit: int) -> int:
        """Resume executions whose signal wait timed out; see `_signals.wake_due`."""
        return await self._store.write(lambda tx: sig.wake_due(tx, limit))

    async def next_deadline(self) -> float | None:
        """The earliest deadline among parked executions' open waits."""
        rows = await self._store.reader.rows(sig.NEXT_DEADLINE_SQL, {"now": time.time()})
        value = rows[0][0] if rows else None
        return None if value is None else float(value)
