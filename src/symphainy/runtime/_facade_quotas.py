"""The caller facade's tenant quota operations, with their checks (see `_facade.CallerFacade`).

Both take an admin. A tenant's own admin reads its quotas and may tighten them (never loosen:
quotas protect the platform from a tenant, so its admin cannot lift them); an operator (an admin
of a tenant in the Setting `operator_tenants`) reads and sets any tenant's. Another tenant's
quotas are `forbidden` to everyone else, whether or not that tenant exists.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from symphainy.contracts._quotas import (
    QuotaName,
    QuotaStatus,
    SetTenantQuotasRequest,
    TenantQuotasView,
)
from symphainy.errors import Forbidden, InvalidParameters, NotFound
from symphainy.runtime._caller import CallerRuntime, checked, checked_id
from symphainy.runtime._quotas import quota_defaults
from symphainy.security._principal import Principal, require_role
from symphainy.store import QuotaLimits, QuotaUsage, TenantQuotaRow

_TIMED = {"max_submits_per_minute": "minute_resets_at", "reasoning_tokens_per_day": "day_resets_at"}


class QuotaOperations:
    """Tenant quota operations for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    def _operator(self) -> bool:
        return self.principal.tenant_id in self._rt.settings.operator_tenants

    async def _target(self, tenant_id: str) -> str:
        """The tenant an admin may act on (its own; any existing one for an operator)."""
        require_role(self.principal, "admin")
        checked_id("tenant_id", tenant_id)
        if tenant_id == self.principal.tenant_id:
            return tenant_id
        if not self._operator():
            raise Forbidden("only an operator may read or set another tenant's quotas")
        if await self._rt.store.identity.tenant(tenant_id) is None:
            raise NotFound(f"tenant {tenant_id} not found")
        return tenant_id

    async def get_tenant_quotas(self, tenant_id: str) -> TenantQuotasView:
        """A tenant's quotas with their current use (its admin, or an operator)."""
        tenant = await self._target(tenant_id)
        row = await self._rt.store.quotas.get(tenant)
        return self._view(row, await self._rt.store.quotas.usage(tenant))

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
        """Change some of a tenant's overrides (an operator: any; its own admin: tighten only)."""
        tenant = await self._target(tenant_id)
        body = checked(
            SetTenantQuotasRequest,
            max_queued=max_queued,
            max_running=max_running,
            max_submits_per_minute=max_submits_per_minute,
            storage_bytes=storage_bytes,
            reasoning_tokens_per_day=reasoning_tokens_per_day,
            reset=reset or [],
        )
        current = await self._rt.store.quotas.get(tenant)
        wanted = _apply(current.overrides, body)
        if not self._operator():
            _refuse_loosening(current.overrides, wanted, quota_defaults(self._rt.settings))
        row = await self._rt.store.quotas.set(tenant, wanted, self.principal.subject)
        return self._view(row, await self._rt.store.quotas.usage(tenant))

    def _view(self, row: TenantQuotaRow, usage: QuotaUsage) -> TenantQuotasView:
        defaults = asdict(quota_defaults(self._rt.settings))
        overrides, used = asdict(row.overrides), asdict(usage)
        quotas = []
        for name, default in defaults.items():
            resets = used[_TIMED[name]] if name in _TIMED else None
            quotas.append(
                QuotaStatus(
                    quota=name,
                    limit=default if overrides[name] is None else overrides[name],
                    source="default" if overrides[name] is None else "tenant",
                    current=used[name],
                    resets_at=None if resets is None else datetime.fromtimestamp(resets, UTC),
                )
            )
        updated = datetime.fromtimestamp(row.updated_at, UTC) if row.updated_at else None
        return TenantQuotasView(tenant_id=row.tenant_id, quotas=quotas, updated_at=updated)


def _apply(overrides: QuotaLimits, body: SetTenantQuotasRequest) -> QuotaLimits:
    """`overrides` with the request's values set and its `reset` quotas removed."""
    values = asdict(overrides)
    for name in values:
        given = getattr(body, name)
        if given is not None and name in body.reset:
            raise InvalidParameters(
                f"{name} is both given and reset",
                errors=[
                    {
                        "loc": ["body", "reset"],
                        "msg": f"{name} is also given",
                        "type": "value_error",
                    }
                ],
            )
        if given is not None:
            values[name] = given
        elif name in body.reset:
            values[name] = None
    return QuotaLimits(**values)


def _refuse_loosening(before: QuotaLimits, after: QuotaLimits, defaults: QuotaLimits) -> None:
    """Forbidden unless every quota's limit stays at or below what it was (None: unlimited)."""
    old, new = asdict(before.over(defaults)), asdict(after.over(defaults))
    for name, limit in new.items():
        if old[name] is not None and (limit is None or limit > old[name]):
            raise Forbidden(
                f"a tenant's admin may only tighten its quotas: {name} would rise above "
                f"{old[name]} (an operator can raise it)",
                quota=name,
                limit=old[name],
            )
