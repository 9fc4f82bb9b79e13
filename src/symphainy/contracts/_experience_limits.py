"""The concurrency-limit operations of the Experience SDK, declared once (see `_experience`).

`ExperienceSDK` inherits them; they live here so each module stays small.
"""

from __future__ import annotations

from typing import Protocol

from symphainy.contracts._limits import ConcurrencyLimitView, SetConcurrencyLimitRequest
from symphainy.contracts._operation import declared, operation


class ConcurrencyLimitOperations(Protocol):
    """Limits on running executions per intent type: read them, and (admins) override them."""

    @operation(
        "list_concurrency_limits",
        "GET",
        "/api/admin/concurrency-limits",
        list[ConcurrencyLimitView],
    )
    async def list_concurrency_limits(self) -> list[ConcurrencyLimitView]:
        """Every intent type with a limit for the caller's tenant (registered or overridden)."""
        declared()

    @operation(
        "set_concurrency_limit",
        "POST",
        "/api/admin/concurrency-limits",
        ConcurrencyLimitView,
        SetConcurrencyLimitRequest,
        scope="admin",
    )
    async def set_concurrency_limit(
        self, intent_type: str, max_running: int | None
    ) -> ConcurrencyLimitView:
        """Override (an admin of the tenant) how many of `intent_type` may run at once.

        `max_running` null removes the override. The limit counts the tenant's running
        executions of the intent on every worker and node; the rest wait in the queue, in order.
        """
        declared()
