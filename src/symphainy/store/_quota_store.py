"""`Store.quotas`: a tenant's quota overrides and current use, and its storage accounting."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from symphainy.store import _quotas as q
from symphainy.store._delayed import QUEUED_SQL
from symphainy.store._quota_gate import MINUTE
from symphainy.store._quotas import QuotaLimits, TenantQuotaRow

if TYPE_CHECKING:
    from symphainy.store._store import Store

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class QuotaUsage:
    """What a tenant uses now, one figure per quota, and when the timed ones reset."""

    max_queued: int
    max_running: int
    max_submits_per_minute: int
    storage_bytes: int
    reasoning_tokens_per_day: int
    minute_resets_at: float
    day_resets_at: float


def day_start(now: float) -> float:
    """The start of the UTC day holding `now` (reasoning tokens are counted per UTC day)."""
    return now - now % DAY


class QuotaStore:
    """Overrides (set by admins), usage (read on demand) and storage charges (per blob)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def get(self, tenant_id: str) -> TenantQuotaRow:
        """The tenant's overrides and stored bytes (no overrides: an empty row)."""
        rows = await self._store.reader.rows(q.SELECT_SQL, {"t": tenant_id})
        return q.read(rows, tenant_id)

    async def set(self, tenant_id: str, overrides: QuotaLimits, by: str) -> TenantQuotaRow:
        """Replace the tenant's overrides (WAL: `quota.set`)."""
        return await self._store.write(lambda tx: q.set_overrides(tx, tenant_id, overrides, by))

    async def charge_storage(self, tenant_id: str, size: int, uri: str, default: int | None) -> int:
        """Count a new blob's bytes, or QuotaExceeded (WAL: `storage.charged`)."""
        return await self._store.write(
            lambda tx: q.charge_storage(tx, tenant_id, size, uri, default)
        )

    async def refund_storage(self, tenant_id: str, size: int, uri: str) -> int:
        """Uncount a deleted blob's bytes (WAL: `storage.refunded`)."""
        return await self._store.write(lambda tx: q.refund_storage(tx, tenant_id, size, uri))

    async def reasoning_tokens_today(self, tenant_id: str, now: float) -> int:
        """Reasoning tokens the tenant spent since the start of the UTC day of `now`."""
        rows = await self._store.reader.rows(
            "SELECT COALESCE(SUM(total_tokens), 0) FROM reasoning_usage "
            "WHERE tenant_id = :t AND created_at >= :since",
            {"t": tenant_id, "since": day_start(now)},
        )
        return int(rows[0][0])

    async def usage(self, tenant_id: str) -> QuotaUsage:
        """The tenant's current use of every quota."""
        now = time.time()
        minute = now - now % MINUTE
        rows = await self._store.reader.rows(
            f"SELECT COALESCE(SUM(CASE WHEN status IN {QUEUED_SQL} THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN created_at >= :m AND parent_execution_id IS NULL "
            "THEN 1 ELSE 0 END), 0) FROM executions WHERE tenant_id = :t "
            f"AND (status IN {QUEUED_SQL} OR status = 'running' OR created_at >= :m)",
            {"t": tenant_id, "m": minute},
        )
        queued, running, submits = (int(v) for v in rows[0])
        stored = (await self.get(tenant_id)).storage_used
        tokens = await self.reasoning_tokens_today(tenant_id, now)
        return QuotaUsage(
            queued, running, submits, stored, tokens, minute + MINUTE, day_start(now) + DAY
        )


__all__ = ["DAY", "QuotaStore", "QuotaUsage", "day_start"]
