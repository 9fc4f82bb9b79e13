"""Tenant quotas in the store: per-tenant overrides, the storage each tenant holds, the row lock.

A tenant's row in `tenant_quotas` is also what serialises its quota checks: every check locks it
(`lock`) in the transaction that then writes, so two nodes sharing PostgreSQL cannot both admit
the last unit of a quota. On SQLite the write transaction (`BEGIN IMMEDIATE`) already does.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from symphainy.errors import QuotaExceeded
from symphainy.store._tx import Tx

QUOTA_NAMES = (
    "max_queued",
    "max_running",
    "max_submits_per_minute",
    "storage_bytes",
    "reasoning_tokens_per_day",
)
"""Every quota, by the name problems, the API and the CLI use."""
_COLS = ", ".join(
    ("tenant_id", *QUOTA_NAMES, "storage_used", "updated_at", "minute_start", "minute_count")
)


@dataclass(frozen=True, slots=True)
class QuotaLimits:
    """One value per quota; None: no limit (or, as overrides, "the default applies")."""

    max_queued: int | None = None
    max_running: int | None = None
    max_submits_per_minute: int | None = None
    storage_bytes: int | None = None
    reasoning_tokens_per_day: int | None = None

    def over(self, defaults: QuotaLimits) -> QuotaLimits:
        """These values (as overrides) where set, `defaults` elsewhere."""
        # Read field by field: this runs on every submit, and asdict deep-copies (~10 µs).
        values = {name: getattr(self, name) for name in QUOTA_NAMES}
        return QuotaLimits(
            **{k: getattr(defaults, k) if v is None else v for k, v in values.items()}
        )


@dataclass(frozen=True, slots=True)
class TenantQuotaRow:
    """A tenant's overrides and the bytes of blobs it holds."""

    tenant_id: str
    overrides: QuotaLimits
    storage_used: int
    updated_at: float
    minute_start: float | None = None
    """The UTC minute `minute_count` counts submissions of (None: recount before use)."""
    minute_count: int = 0


def _row(raw: tuple[Any, ...]) -> TenantQuotaRow:
    values = [None if v is None else int(v) for v in raw[1:6]]
    start = None if raw[8] is None else float(raw[8])
    return TenantQuotaRow(
        str(raw[0]), QuotaLimits(*values), int(raw[6]), float(raw[7]), start, int(raw[9])
    )


def lock(tx: Tx, tenant_id: str) -> TenantQuotaRow:
    """The tenant's quota row, created if missing and locked until the transaction ends."""
    tx.unlimited.discard(tenant_id)  # it may be about to get a limit: read it again
    tx.drop_prefetched()  # reads asked before the lock would not see what it waited for
    # One statement: the no-op update on conflict takes the row lock and returns the row.
    raw = tx.one(
        f"INSERT INTO tenant_quotas (tenant_id, updated_at) VALUES (:t, :now) "
        f"ON CONFLICT (tenant_id) DO UPDATE SET tenant_id = excluded.tenant_id "
        f"RETURNING {_COLS}",
        {"t": tenant_id, "now": tx.now},
    )
    assert raw is not None  # an upsert always returns its row
    return _row(raw)


def read(rows: list[tuple[Any, ...]], tenant_id: str) -> TenantQuotaRow:
    """The row among `rows` (a `SELECT_SQL` answer); an empty one if the tenant has none."""
    if rows:
        return _row(rows[0])
    return TenantQuotaRow(tenant_id, QuotaLimits(), 0, 0.0)


SELECT_SQL = f"SELECT {_COLS} FROM tenant_quotas WHERE tenant_id = :t"
"""One tenant's quota row (read it with `read`)."""


def set_overrides(tx: Tx, tenant_id: str, overrides: QuotaLimits, by: str) -> TenantQuotaRow:
    """Replace the tenant's overrides (None: back to the default), logged to its WAL."""
    current = lock(tx, tenant_id)
    values = asdict(overrides)
    sets = ", ".join(f"{k} = :{k}" for k in values)
    tx.q(
        # The minute counter restarts from a real count: it was not kept while no limit was set.
        f"UPDATE tenant_quotas SET {sets}, updated_at = :now, minute_start = NULL "
        f"WHERE tenant_id = :t",
        {**values, "now": tx.now, "t": tenant_id},
    )
    tx.log(tenant_id, "quota.set", {"overrides": values, "by": by})
    return replace(current, overrides=overrides, updated_at=tx.now)


def charge_storage(tx: Tx, tenant_id: str, size: int, uri: str, default: int | None) -> int:
    """Add `size` bytes to the tenant's storage; QuotaExceeded (nothing charged) past its limit.

    Returns the bytes the tenant then holds.
    """
    row = lock(tx, tenant_id)
    limit = row.overrides.storage_bytes if row.overrides.storage_bytes is not None else default
    if limit is not None and row.storage_used + size > limit:
        raise exceeded("storage_bytes", limit, row.storage_used, None, requested=size)
    used = row.storage_used + size
    tx.q(
        "UPDATE tenant_quotas SET storage_used = :u WHERE tenant_id = :t",
        {"u": used, "t": tenant_id},
    )
    tx.log(tenant_id, "storage.charged", {"uri": uri, "bytes": size, "storage_used": used})
    return used


def refund_storage(tx: Tx, tenant_id: str, size: int, uri: str) -> int:
    """Take `size` bytes off the tenant's storage (a blob was deleted); the bytes then held."""
    row = lock(tx, tenant_id)
    # Blobs written before quota accounting began were never charged: never go below zero.
    used = max(0, row.storage_used - size)
    tx.q(
        "UPDATE tenant_quotas SET storage_used = :u WHERE tenant_id = :t",
        {"u": used, "t": tenant_id},
    )
    tx.log(tenant_id, "storage.refunded", {"uri": uri, "bytes": size, "storage_used": used})
    return used


def exceeded(
    quota: str, limit: int, current: int, resets_at: float | None, **extra: object
) -> QuotaExceeded:
    """The 429 for `quota`: its limit, the current use and (if it resets with time) when."""
    detail = f"tenant quota {quota} reached: {current} of {limit} in use"
    if resets_at is None:
        return QuotaExceeded(detail, quota=quota, limit=limit, current=current, **extra)
    now = datetime.now(UTC).timestamp()
    return QuotaExceeded(
        f"{detail}; it resets at {_iso(resets_at)}",
        quota=quota,
        limit=limit,
        current=current,
        resets_at=_iso(resets_at),
        retry_after=max(1, math.ceil(resets_at - now)),
        **extra,
    )


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat()


__all__ = [
    "QUOTA_NAMES",
    "SELECT_SQL",
    "QuotaLimits",
    "TenantQuotaRow",
    "charge_storage",
    "exceeded",
    "lock",
    "read",
    "refund_storage",
    "set_overrides",
]
