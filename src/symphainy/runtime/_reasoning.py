"""The runtime's UsageLedger: reasoning spend persisted in the store, WAL-logged per tenant."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict

from symphainy.reasoning import ModelUsage, UsageRecord, UsageTotals
from symphainy.store import DAY, Store, UsageQueries, UsageRow, day_start, exceeded


class StoreUsageLedger:
    """Writes one `reasoning_usage` row per call; sums them per tenant and model."""

    def __init__(self, store: Store, tokens_per_day: int | None = None) -> None:
        self._store = store
        self._queries = UsageQueries(store)
        self._tokens_per_day = tokens_per_day
        """The `reasoning_tokens_per_day` quota of tenants without an override (None: none)."""

    async def admit(self, tenant_id: str) -> None:
        """QuotaExceeded when the tenant spent its reasoning tokens for the UTC day."""
        limit = (await self._store.quotas.get(tenant_id)).overrides.reasoning_tokens_per_day
        limit = self._tokens_per_day if limit is None else limit
        if limit is None:
            return
        now = time.time()
        used = await self._store.quotas.reasoning_tokens_today(tenant_id, now)
        if used >= limit:
            raise exceeded("reasoning_tokens_per_day", limit, used, day_start(now) + DAY)

    async def record(self, record: UsageRecord) -> None:
        """Persist one call's usage (with a `reasoning.used` WAL entry)."""
        done = record.completion
        row = UsageRow(
            usage_id=uuid.uuid4().hex,
            tenant_id=record.tenant_id,
            execution_id=record.execution_id,
            intent_type=record.intent_type,
            prompt_name=record.prompt_name,
            model=done.model,
            prompt_tokens=done.usage.prompt_tokens,
            completion_tokens=done.usage.completion_tokens,
            total_tokens=done.usage.total_tokens,
            reported=int(done.usage.reported),
            latency_ms=round(done.latency_ms, 3),
            created_at=0.0,
        )
        # The store stamps created_at with the commit's clock, so row and WAL entry agree.
        await self._store.record_usage(row)

    async def totals(self, tenant_id: str, since: float | None = None) -> UsageTotals:
        """`tenant_id`'s spend since `since` (all time when None)."""
        sums = await self._queries.sums(tenant_id, since)
        return UsageTotals(tenant_id, [ModelUsage(**asdict(s)) for s in sums])
