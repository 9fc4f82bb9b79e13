"""Artifact bytes: a small BlobStore interface and the local-filesystem default."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import re
import shutil
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from symphainy.errors import NotFound, PayloadTooLarge

_SAFE = re.compile(r"^[A-Za-z0-9_\-]{1,128}$")
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class BlobInfo:
    """Where a blob lives and what it holds."""

    uri: str
    size: int
    sha256: str


class BlobStore(ABC):
    """Stores artifact bytes under a tenant-scoped key."""

    @abstractmethod
    async def put_stream(
        self, tenant_id: str, chunks: AsyncIterator[bytes], limit: int | None = None
    ) -> BlobInfo:
        """Store a byte stream; refuse it past `limit` bytes (nothing is kept)."""

    @abstractmethod
    async def open(self, tenant_id: str, uri: str) -> AsyncIterator[bytes]:
        """Stream a blob's bytes."""

    @abstractmethod
    def local_path(self, tenant_id: str, uri: str) -> Path:
        """A filesystem path for parsers that need random access."""

    @abstractmethod
    async def delete(self, tenant_id: str, uri: str) -> bool:
        """Remove a blob; report whether it existed."""

    @abstractmethod
    async def info(self, tenant_id: str, uri: str) -> BlobInfo:
        """Size and SHA-256 recorded when the blob was stored; NotFound if there is none."""

    @abstractmethod
    def check_writable(self) -> None:
        """Raise if blobs cannot be written (boot phase 1)."""

    async def put_bytes(self, tenant_id: str, data: bytes) -> BlobInfo:
        """Store a small payload."""

        async def one() -> AsyncIterator[bytes]:
            yield data

        return await self.put_stream(tenant_id, one())

    async def put_file(self, tenant_id: str, path: Path) -> BlobInfo:
        """Store a finished local file, consuming it (stores that can adopt it move it)."""
        info = await self.put_stream(tenant_id, _read_chunks(path))
        await asyncio.to_thread(path.unlink)
        return info

    def scratch_root(self) -> Path | None:
        """Where to build files for `put_file` so it can move them (None: anywhere)."""
        return None

    def sweep(self, older_than_seconds: float) -> int:
        """Remove work files a crashed process left behind; return how many (none kept here)."""
        return 0


class LocalBlobStore(BlobStore):
    """Blobs as files under `root/<tenant>/<id>`; writes go to a temp file, then rename."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _dir(self, tenant_id: str) -> Path:
        digest = hashlib.sha256(tenant_id.encode()).hexdigest()[:32]
        return self.root / digest

    def local_path(self, tenant_id: str, uri: str) -> Path:
        name = uri.removeprefix("blob://")
        if not _SAFE.match(name):
            raise NotFound(f"no blob {uri}")
        return self._dir(tenant_id) / name

    async def put_stream(
        self, tenant_id: str, chunks: AsyncIterator[bytes], limit: int | None = None
    ) -> BlobInfo:
        folder = self._dir(tenant_id)
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        tmp = folder / f".{name}.part"
        digest, size = hashlib.sha256(), 0
        try:
            with tmp.open("wb") as fh:
                async for chunk in chunks:
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise PayloadTooLarge(f"upload exceeds {limit} bytes", limit=limit)
                    digest.update(chunk)
                    await asyncio.to_thread(fh.write, chunk)
                await asyncio.to_thread(_sync, fh)
            info = BlobInfo(f"blob://{name}", size, digest.hexdigest())
            # Size and digest beside the bytes, so readers need not hash large blobs again.
            (folder / f"{name}.sha256").write_text(f"{size} {info.sha256}\n")
            tmp.rename(folder / name)
        finally:
            tmp.unlink(missing_ok=True)
        return info

    async def put_file(self, tenant_id: str, path: Path) -> BlobInfo:
        """Adopt `path` by renaming it into place: hashed and synced, never copied.

        A file on another filesystem cannot be renamed; it is streamed in instead.
        """
        folder = self._dir(tenant_id)
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        size, digest = await asyncio.to_thread(_hash_and_sync, path)
        sidecar = folder / f"{name}.sha256"
        sidecar.write_text(f"{size} {digest}\n")
        try:
            await asyncio.to_thread(os.replace, path, folder / name)
        except OSError as exc:
            sidecar.unlink(missing_ok=True)
            if exc.errno != errno.EXDEV:
                raise
            return await super().put_file(tenant_id, path)
        return BlobInfo(f"blob://{name}", size, digest)

    def scratch_root(self) -> Path:
        """A folder beside the blobs (same filesystem), for files that `put_file` adopts."""
        scratch = self.root / ".scratch"
        scratch.mkdir(parents=True, exist_ok=True)
        return scratch

    def sweep(self, older_than_seconds: float) -> int:
        """Remove scratch folders and half-written `.part` files older than the given age.

        Other processes may share this root and be writing right now, so only what has not
        been touched for `older_than_seconds` counts as abandoned.
        """
        cutoff = time.time() - older_than_seconds
        gone = 0
        stale = [*(self.root / ".scratch").glob("*"), *self.root.glob("*/.*.part")]
        for path in stale:
            try:
                if path.lstat().st_mtime >= cutoff:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except FileNotFoundError:
                continue  # another process swept it first
            gone += 1
        return gone

    async def info(self, tenant_id: str, uri: str) -> BlobInfo:
        path = self.local_path(tenant_id, uri)
        try:
            size, digest = path.with_name(path.name + ".sha256").read_text().split()
        except FileNotFoundError:
            raise NotFound(f"no blob {uri}") from None
        return BlobInfo(uri, int(size), digest)

    async def open(self, tenant_id: str, uri: str) -> AsyncIterator[bytes]:
        path = self.local_path(tenant_id, uri)
        if not path.exists():
            raise NotFound(f"no blob {uri}")
        return _read_chunks(path)

    async def delete(self, tenant_id: str, uri: str) -> bool:
        path = self.local_path(tenant_id, uri)
        existed = path.exists()
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".sha256").unlink(missing_ok=True)
        return existed

    def check_writable(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        probe = self.root / f".probe-{uuid.uuid4().hex}"
        probe.write_bytes(b"ok")
        probe.unlink()


def _hash_and_sync(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, flushed to disk before it becomes a blob."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        os.fsync(fh.fileno())
    return size, digest.hexdigest()


def _sync(fh: object) -> None:
    fh.flush()  # type: ignore[attr-defined]
    os.fsync(fh.fileno())  # type: ignore[attr-defined]


async def _read_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as fh:
        while chunk := await asyncio.to_thread(fh.read, CHUNK):
            yield chunk
