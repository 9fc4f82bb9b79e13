"""The runtime's UsageLedger: reasoning spend persisted in the store, WAL-logged per tenant."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from symphainy.reasoning import ModelUsage, UsageRecord, UsageTotals
from symphainy.store import Store, UsageQueries, UsageRow


class StoreUsageLedger:
    """Writes one `reasoning_usage` row per call; sums them per tenant and model."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._queries = UsageQueries(store)

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
