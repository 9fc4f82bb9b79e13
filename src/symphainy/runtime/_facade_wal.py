"""The caller facade's WAL operations, with their checks (see `_facade.CallerFacade`).

Every one acts on the caller's tenant's hash chain only. Verifying and checkpointing use the
service secret (`load_or_create_service_secret`) that signs checkpoints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symphainy.contracts import (
    VerifyWalRequest,
    WalCheckpointView,
    WalEntryView,
    WalVerification,
)
from symphainy.contracts._storable import INT64_MAX
from symphainy.errors import InvalidParameters
from symphainy.runtime._caller import CallerRuntime, checked
from symphainy.security._service_tokens import load_or_create_service_secret

WAL_PAGE_MAX = 1000
"""The most WAL entries one `wal_entries` call returns."""


class WalOperations:
    """WAL operations for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime

    if TYPE_CHECKING:  # CallerFacade's own

        @property
        def _tenant(self) -> str: ...

    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        """The caller's tenant's WAL entries after `after` (at most `limit`, up to 1000)."""
        errors = []
        if not 0 <= after <= INT64_MAX:
            errors.append({"loc": ["query", "after"], "msg": "out of range", "type": "range"})
        if not 1 <= limit <= WAL_PAGE_MAX:
            errors.append({"loc": ["query", "limit"], "msg": "out of range", "type": "range"})
        if errors:
            raise InvalidParameters("the request does not match its schema", errors=errors)
        return await self._rt.wal.entries(self._tenant, after, limit)

    async def verify_wal(self, since: str | None = None) -> WalVerification:
        """Walk the caller's tenant's hash chain (and, with `since`, to that checkpoint)."""
        body = checked(VerifyWalRequest, since=since)
        secret = load_or_create_service_secret(self._rt.settings)
        return await self._rt.wal.verify_since(self._tenant, body.since, secret)

    async def checkpoint_wal(self) -> WalCheckpointView:
        """A signed checkpoint of the caller's tenant's verified WAL head."""
        secret = load_or_create_service_secret(self._rt.settings)
        return await self._rt.wal.checkpoint(self._tenant, secret)
