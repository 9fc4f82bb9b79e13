"""`Store.schedules`: schedule reads and writes as named methods (writes in `_schedules`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from symphainy.store import _schedules as sch
from symphainy.store._queries import PageKey, _where
from symphainy.store._rows import ScheduleRow, build
from symphainy.store._schedules import Claimed, Fired, NextDue

if TYPE_CHECKING:
    from symphainy.store._store import Store

WAKE_LOOKAHEAD = 50
"""Soonest schedules read to find the next wake-up (leased ones are skipped, not waited on)."""


class ScheduleStore:
    """Schedules of every tenant: reads scoped to one tenant, atomic WAL-logged writes."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def create(self, row: ScheduleRow, limit: int) -> ScheduleRow:
        """Insert a schedule; see `_schedules.create`."""
        return await self._store.write(lambda tx: sch.create(tx, row, limit))

    async def pause(self, tenant_id: str, schedule_id: str) -> ScheduleRow:
        """Pause; see `_schedules.pause`."""
        return await self._store.write(lambda tx: sch.pause(tx, tenant_id, schedule_id))

    async def resume(self, tenant_id: str, schedule_id: str, next_due: NextDue) -> ScheduleRow:
        """Resume; see `_schedules.resume`."""
        return await self._store.write(lambda tx: sch.resume(tx, tenant_id, schedule_id, next_due))

    async def delete(self, tenant_id: str, schedule_id: str) -> ScheduleRow:
        """Delete; see `_schedules.delete`."""
        return await self._store.write(lambda tx: sch.delete(tx, tenant_id, schedule_id))

    async def claim(self, owner: str, limit: int, lease: float) -> list[Claimed]:
        """Hold due schedules; see `_schedules.claim`."""
        return await self._store.write(lambda tx: sch.claim(tx, owner, limit, lease))

    async def fired(self, row: ScheduleRow, owner: str, done: Fired) -> bool:
        """Record a claimed schedule's runs; see `_schedules.fired`."""
        return await self._store.write(lambda tx: sch.fired(tx, row, owner, done))

    async def record_trigger(self, row: ScheduleRow, due: float, execution_id: str) -> None:
        """Log a run started on request; see `_schedules.record_trigger`."""
        await self._store.write(lambda tx: sch.record_trigger(tx, row, due, execution_id))

    async def get(self, tenant_id: str, schedule_id: str) -> ScheduleRow | None:
        """One schedule of the tenant, or None."""
        rows = await self._store.reader.rows(
            f"SELECT {sch.COLS} FROM schedules WHERE schedule_id = :s AND tenant_id = :t",
            {"s": schedule_id, "t": tenant_id},
        )
        return build(ScheduleRow, rows[0]) if rows else None

    async def list(
        self, tenant_id: str, *, status: str | None, limit: int, after: PageKey | None
    ) -> tuple[list[ScheduleRow], int]:
        """A page of the tenant's schedules (newest first, after `after`) and the total."""
        where, params = _where({"tenant_id": tenant_id, "status": status})
        page: tuple[list[ScheduleRow], int] = await self._store._page(
            ScheduleRow, "schedules", "schedule_id", where, params, limit, after
        )
        return page

    async def next_wake(self, now: float) -> float | None:
        """When the soonest active schedule falls due (or its holder's lease runs out)."""
        rows = await self._store.reader.rows(
            "SELECT next_due, lease_expires FROM schedules WHERE status = 'active' "
            "AND next_due IS NOT NULL ORDER BY next_due LIMIT :n",
            {"n": WAKE_LOOKAHEAD},
        )
        return min((_wake_of(r, now) for r in rows), default=None)

    async def any_buffered(self) -> bool:
        """Whether some schedule holds a run back until an unfinished one ends."""
        rows = await self._store.reader.rows(
            "SELECT 1 FROM schedules WHERE buffered_due IS NOT NULL LIMIT 1"
        )
        return bool(rows)


def _wake_of(row: Any, now: float) -> float:
    due, lease = float(row[0]), row[1]
    # Held by a scheduler (this one's leases are gone by now): look again once it lapses.
    return due if lease is None or lease < now else max(due, float(lease))


__all__ = ["ScheduleStore"]
