"""Tenant quotas in the runtime: the Settings defaults, and storage metered where blobs are written.

Submit and claim check their quotas in the store's transaction (`store._quota_gate`); storage
is checked here, around the blob store every upload, ingest and artifact save goes through;
reasoning tokens are checked by the usage ledger before each model call (`_reasoning`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from symphainy.config import Settings
from symphainy.errors import NotFound, PayloadTooLarge
from symphainy.store import BlobInfo, BlobStore, QuotaLimits, QuotaStore, exceeded


def quota_defaults(settings: Settings) -> QuotaLimits:
    """The quotas of a tenant without overrides (the `quota_*` Settings)."""
    return QuotaLimits(
        max_queued=settings.quota_max_queued,
        max_running=settings.quota_max_running,
        max_submits_per_minute=settings.quota_max_submits_per_minute,
        storage_bytes=settings.quota_storage_bytes,
        reasoning_tokens_per_day=settings.quota_reasoning_tokens_per_day,
    )


class MeteredBlobStore(BlobStore):
    """A blob store whose writes are charged to the tenant's `storage_bytes` quota.

    A write is capped at the tenant's remaining room, then charged in one store transaction
    that checks the limit again (a concurrent write may have used the room meanwhile); a
    refused write leaves no blob and no charge. Deletes refund the bytes.
    """

    def __init__(self, inner: BlobStore, quotas: QuotaStore, default: int | None) -> None:
        self._inner, self._quotas, self._default = inner, quotas, default

    async def _room(self, tenant_id: str) -> tuple[int, int] | None:
        """(limit, bytes held) when the tenant has a storage limit."""
        row = await self._quotas.get(tenant_id)
        limit = row.overrides.storage_bytes
        limit = self._default if limit is None else limit
        return None if limit is None else (limit, row.storage_used)

    async def _charge(self, tenant_id: str, info: BlobInfo) -> BlobInfo:
        try:
            await self._quotas.charge_storage(tenant_id, info.size, info.uri, self._default)
        except BaseException:
            await self._inner.delete(tenant_id, info.uri)  # refused or failed: keep nothing
            raise
        return info

    async def put_stream(
        self, tenant_id: str, chunks: AsyncIterator[bytes], limit: int | None = None
    ) -> BlobInfo:
        """Store a stream within `limit` and the tenant's remaining storage."""
        room = await self._room(tenant_id)
        cap = limit
        if room is not None:
            left = room[0] - room[1]
            cap = left if limit is None else min(limit, left)
        try:
            info = await self._inner.put_stream(
                tenant_id, chunks, max(cap, 0) if cap is not None else None
            )
        except PayloadTooLarge:
            if room is not None and cap != limit:
                raise exceeded("storage_bytes", room[0], room[1], None) from None
            raise
        return await self._charge(tenant_id, info)

    async def put_file(self, tenant_id: str, path: Path) -> BlobInfo:
        """Adopt a finished file, if the tenant has room for its size."""
        room = await self._room(tenant_id)
        size = (await asyncio.to_thread(path.stat)).st_size
        if room is not None and room[1] + size > room[0]:
            await asyncio.to_thread(path.unlink, True)  # put_file consumes its file either way
            raise exceeded("storage_bytes", room[0], room[1], None, requested=size)
        return await self._charge(tenant_id, await self._inner.put_file(tenant_id, path))

    async def delete(self, tenant_id: str, uri: str) -> bool:
        """Remove a blob and refund its bytes."""
        try:
            size = (await self._inner.info(tenant_id, uri)).size
        except NotFound:
            size = 0
        existed = await self._inner.delete(tenant_id, uri)
        if existed and size:
            await self._quotas.refund_storage(tenant_id, size, uri)
        return existed

    async def open(self, tenant_id: str, uri: str) -> AsyncIterator[bytes]:
        """Stream a blob's bytes."""
        return await self._inner.open(tenant_id, uri)

    def local_path(self, tenant_id: str, uri: str) -> Path:
        """A filesystem path for parsers that need random access."""
        return self._inner.local_path(tenant_id, uri)

    async def info(self, tenant_id: str, uri: str) -> BlobInfo:
        """Size and SHA-256 of a blob."""
        return await self._inner.info(tenant_id, uri)

    def check_writable(self) -> None:
        """Raise if blobs cannot be written."""
        self._inner.check_writable()

    def scratch_root(self) -> Path | None:
        """The wrapped store's scratch folder (files built there are adopted by `put_file`)."""
        return self._inner.scratch_root()

    def sweep(self, older_than_seconds: float) -> int:
        """Remove abandoned work files (never charged: they never became blobs)."""
        return self._inner.sweep(older_than_seconds)


__all__ = ["MeteredBlobStore", "quota_defaults"]
