"""Tenant quota wire models: what an admin sets, and how a tenant's quotas look to a client."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from symphainy.contracts._models import Wire, WireRequest
from symphainy.contracts._storable import INT64_MAX, JsonInt, int_bounds

QuotaName = Literal[
    "max_queued",
    "max_running",
    "max_submits_per_minute",
    "storage_bytes",
    "reasoning_tokens_per_day",
]
"""Every per-tenant quota (the names a `quota-exceeded` problem uses)."""
QuotaValue = Annotated[JsonInt, Field(ge=0, le=INT64_MAX), int_bounds(0)]
"""A quota's limit: a count, bytes or tokens (0 refuses everything)."""


class SetTenantQuotasRequest(WireRequest):
    """Overrides to change; a quota left out keeps its current override (or default)."""

    # The docstrings below say what each quota counts; published, clients show them as help.
    model_config = ConfigDict(use_attribute_docstrings=True)

    max_queued: QuotaValue | None = None
    """Executions waiting to run (`created` or `scheduled`) at once."""
    max_running: QuotaValue | None = None
    """Executions running at once across every worker (more wait; never refused)."""
    max_submits_per_minute: QuotaValue | None = None
    """Submissions per UTC clock minute."""
    storage_bytes: QuotaValue | None = None
    """Bytes of blobs (uploads, artifact content) held at once."""
    reasoning_tokens_per_day: QuotaValue | None = None
    """Reasoning tokens per UTC day."""
    reset: list[QuotaName] = Field(default_factory=list, max_length=5)
    """Quotas whose override is removed (the Settings default applies again)."""


class QuotaStatus(Wire):
    """One quota of a tenant: its limit, where the limit comes from, and the current use."""

    quota: QuotaName
    limit: int | None
    """None: no limit."""
    source: Literal["tenant", "default"]
    """`tenant`: an override set for this tenant; `default`: the Setting `quota_<name>`."""
    current: int
    resets_at: datetime | None = None
    """When the use counted against a timed quota (per minute, per day) starts again from 0."""


class TenantQuotasView(Wire):
    """A tenant's quotas, one entry per quota, in `QuotaName` order."""

    tenant_id: str
    quotas: list[QuotaStatus]
    updated_at: datetime | None = None
    """When an admin last changed the tenant's overrides (None: never)."""


__all__ = ["QuotaName", "QuotaStatus", "QuotaValue", "SetTenantQuotasRequest", "TenantQuotasView"]
