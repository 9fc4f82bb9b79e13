"""The caller facade's concurrency-limit operations, with their checks (see `_facade`).

Any credential of a tenant reads its limits; only an admin of the tenant overrides one, and
only for a registered intent type. The tenant is always the caller's own.
"""

from __future__ import annotations

from symphainy.contracts._limits import ConcurrencyLimitView, SetConcurrencyLimitRequest
from symphainy.runtime._caller import CallerRuntime, checked
from symphainy.runtime._views import opt_ts
from symphainy.security._principal import Principal, require_role

ADMIN_ROLE = "admin"


class ConcurrencyLimitOperations:
    """Concurrency-limit operations for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    async def list_concurrency_limits(self) -> list[ConcurrencyLimitView]:
        """The caller's tenant's limits: every registered or overridden one, by intent type."""
        registered = self._rt.registry.running_limits()
        overrides = await self._rt.store.concurrency_limits(self.principal.tenant_id)
        found = {name: (limit, at) for name, limit, at in overrides}
        names = sorted(registered.keys() | found.keys())
        return [_view(n, registered.get(n), *found.get(n, (None, None))) for n in names]

    async def set_concurrency_limit(
        self, intent_type: str, max_running: int | None
    ) -> ConcurrencyLimitView:
        """Override an intent type's limit for the caller's tenant (admins; 404 if unknown)."""
        require_role(self.principal, ADMIN_ROLE)
        body = checked(SetConcurrencyLimitRequest, intent_type=intent_type, max_running=max_running)
        self._rt.registry.get(body.intent_type)  # IntentNotFound: no override for nothing
        tenant = self.principal.tenant_id
        await self._rt.store.set_concurrency_limit(tenant, body.intent_type, body.max_running)
        views = await self.list_concurrency_limits()
        found = [v for v in views if v.intent_type == body.intent_type]
        if found:
            return found[0]
        return _view(body.intent_type, None, None, None)


def _view(
    name: str, registered: int | None, override: int | None, at: float | None
) -> ConcurrencyLimitView:
    effective = override if override is not None else registered
    return ConcurrencyLimitView(
        intent_type=name,
        registered=registered,
        override=override,
        effective=effective,
        updated_at=opt_ts(at),
    )
