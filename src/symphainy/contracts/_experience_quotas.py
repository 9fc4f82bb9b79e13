"""The tenant quota operations of the Experience SDK, declared once (see `_experience`).

`ExperienceSDK` inherits them; routes, clients, MCP tools and docs find them through
`protocol_members`, like the rest. Both are admin-only.
"""

from __future__ import annotations

from typing import Protocol

from symphainy.contracts._operation import declared, operation
from symphainy.contracts._quotas import QuotaName, SetTenantQuotasRequest, TenantQuotasView


class QuotaOperations(Protocol):
    """Per-tenant quotas: read them with their current use, override them."""

    @operation(
        "get_tenant_quotas",
        "GET",
        "/api/admin/tenants/{tenant_id}/quotas",
        TenantQuotasView,
        scope="admin",
    )
    async def get_tenant_quotas(self, tenant_id: str) -> TenantQuotasView:
        """A tenant's quotas: limit, source, current use and reset time of each.

        Its own admin reads them, and an operator (an admin of a tenant in the Setting
        `operator_tenants`) reads any tenant's.
        """
        declared()

    @operation(
        "set_tenant_quotas",
        "PATCH",
        "/api/admin/tenants/{tenant_id}/quotas",
        TenantQuotasView,
        SetTenantQuotasRequest,
        scope="admin",
    )
    async def set_tenant_quotas(
        self,
        tenant_id: str,
        max_queued: int | None = None,
        max_running: int | None = None,
        max_submits_per_minute: int | None = None,
        storage_bytes: int | None = None,
        reasoning_tokens_per_day: int | None = None,
        reset: list[QuotaName] | None = None,
    ) -> TenantQuotasView:
        """Override some of a tenant's quotas (`reset`: back to the default).

        An operator sets any tenant's quotas to any value; a tenant's own admin may only
        tighten them (no quota ends above its current limit).
        """
        declared()
