"""StateSurface: tenant-scoped key/value state per session or per execution, with TTL."""

from __future__ import annotations

import time

from symphainy.errors import InvalidRequest
from symphainy.store import Store, dumps, loads
from symphainy.types import JSONObject, JSONValue

SCOPES = frozenset({"session", "execution"})


class StateSurface:
    """The only way to read and write platform state; every call names its tenant."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def get(
        self, tenant_id: str, scope: str, scope_id: str, key: str, default: JSONValue = None
    ) -> JSONValue:
        """A live value, or `default`."""
        row = await self._store.get_state(tenant_id, _scope(scope), scope_id, key)
        return default if row is None else loads(row.value)

    async def set(
        self,
        tenant_id: str,
        scope: str,
        scope_id: str,
        key: str,
        value: JSONValue,
        ttl: float | None = None,
    ) -> None:
        """Write a value (expiring after `ttl` seconds when given)."""
        if ttl is not None and ttl <= 0:
            raise InvalidRequest("ttl must be positive")
        expires = None if ttl is None else time.time() + ttl
        text = dumps(value)
        await self._store.write(
            lambda tx: self._store.records.put_state(
                tx, tenant_id, _scope(scope), scope_id, key, text, expires
            )
        )

    async def delete(self, tenant_id: str, scope: str, scope_id: str, key: str) -> bool:
        """Remove a value; report whether it existed."""
        return await self._store.write(
            lambda tx: self._store.records.delete_state(tx, tenant_id, _scope(scope), scope_id, key)
        )

    async def items(self, tenant_id: str, scope: str, scope_id: str) -> JSONObject:
        """Every live value of one scope."""
        rows = await self._store.list_state(tenant_id, _scope(scope), scope_id)
        return {r.key: loads(r.value) for r in rows}

    def scoped(self, tenant_id: str, scope: str, scope_id: str) -> ScopedState:
        """A view bound to one tenant and scope."""
        return ScopedState(self, tenant_id, _scope(scope), scope_id)


class ScopedState:
    """State of one session or one execution."""

    def __init__(self, surface: StateSurface, tenant_id: str, scope: str, scope_id: str) -> None:
        self._s, self._t, self._scope, self._id = surface, tenant_id, scope, scope_id

    async def get(self, key: str, default: JSONValue = None) -> JSONValue:
        """A live value, or `default`."""
        return await self._s.get(self._t, self._scope, self._id, key, default)

    async def set(self, key: str, value: JSONValue, ttl: float | None = None) -> None:
        """Write a value."""
        await self._s.set(self._t, self._scope, self._id, key, value, ttl)

    async def delete(self, key: str) -> bool:
        """Remove a value."""
        return await self._s.delete(self._t, self._scope, self._id, key)

    async def items(
        self,
    ) -> JSONObject:
        """Every live value."""
        return await self._s.items(self._t, self._scope, self._id)


def _scope(scope: str) -> str:
    if scope not in SCOPES:
        raise InvalidRequest(f"state scope must be one of {sorted(SCOPES)}, not {scope!r}")
    return scope
