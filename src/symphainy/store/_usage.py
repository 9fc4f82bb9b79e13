"""Reasoning usage: one row per model call, the tokens it spent, summed per tenant."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from symphainy.store._tx import Tx

if TYPE_CHECKING:
    from symphainy.store._store import Store


@dataclass(frozen=True, slots=True)
class UsageRow:
    """Tokens one reasoning call spent (`reported` is 0 when the provider sent no `usage`)."""

    usage_id: str
    tenant_id: str
    execution_id: str | None
    intent_type: str | None
    prompt_name: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    reported: int
    latency_ms: float
    created_at: float


@dataclass(frozen=True, slots=True)
class UsageSum:
    """Calls and tokens of one tenant for one model."""

    model: str
    calls: int
    unreported_calls: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


def record_usage(tx: Tx, row: UsageRow) -> None:
    """Insert a usage row and log it to the tenant's WAL (the audit trail of spend)."""
    values = asdict(row)
    cols = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    tx.q(f"INSERT INTO reasoning_usage ({cols}) VALUES ({marks})", values)
    payload = {k: v for k, v in values.items() if k not in ("tenant_id", "created_at")}
    tx.log(row.tenant_id, "reasoning.used", payload)


class UsageQueries:
    """Reads of the usage table, always for one tenant."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def sums(self, tenant_id: str, since: float | None = None) -> list[UsageSum]:
        """Per-model sums of `tenant_id`'s calls at or after `since` (all time when None)."""
        rows = await self._store.reader.rows(
            "SELECT model, COUNT(*), SUM(1 - reported), SUM(prompt_tokens), "
            "SUM(completion_tokens), SUM(total_tokens) FROM reasoning_usage "
            "WHERE tenant_id = :t AND created_at >= :since GROUP BY model ORDER BY model",
            {"t": tenant_id, "since": since if since is not None else 0.0},
        )
        return [UsageSum(str(r[0]), *(int(v) for v in r[1:])) for r in rows]


__all__ = ["UsageQueries", "UsageRow", "UsageSum", "record_usage"]
