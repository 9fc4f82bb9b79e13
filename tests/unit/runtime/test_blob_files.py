"""LocalBlobStore.put_file: a finished file is adopted by rename (hashed, never copied), and
streamed in when it lives on another filesystem."""

from __future__ import annotations

import errno
import hashlib
import os
import time
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.runtime._runtime import ABANDONED_AFTER_SECONDS
from symphainy.store import LocalBlobStore
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import build_registry

T = "tenant-a"


def _built(store: LocalBlobStore, data: bytes) -> Path:
    path = store.scratch_root() / "out.parquet"
    path.write_bytes(data)
    return path


async def test_put_file_moves_the_file_and_records_size_and_digest(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    data = os.urandom(3 << 20)
    source = _built(store, data)
    inode = source.stat().st_ino

    info = await store.put_file(T, source)

    blob = store.local_path(T, info.uri)
    assert not source.exists()
    assert blob.stat().st_ino == inode  # renamed, not copied
    assert blob.read_bytes() == data
    assert (info.size, info.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert await store.info(T, info.uri) == info


async def test_put_file_across_filesystems_streams_the_file_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    data = b"a,b\n1,2\n" * 1000
    source = _built(store, data)

    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    # A rename between filesystems is the one case we cannot create in a test directory.
    monkeypatch.setattr(os, "replace", cross_device)
    info = await store.put_file(T, source)

    assert not source.exists()
    assert store.local_path(T, info.uri).read_bytes() == data
    assert (await store.info(T, info.uri)).sha256 == hashlib.sha256(data).hexdigest()
    folder = store.local_path(T, info.uri).parent
    sidecars = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sha256"))
    assert sidecars == [f"{info.uri.removeprefix('blob://')}.sha256"]  # no orphan sidecar


async def test_a_runtime_sweeps_work_files_a_crashed_process_left(tmp_path: Path) -> None:
    # What a process killed mid-parse and mid-upload leaves: a scratch folder, a `.part` file.
    home = tmp_path / "home"
    blobs = LocalBlobStore(Settings(home=home).resolved_blob_dir)
    kept = await blobs.put_bytes(T, b"a finished blob")
    old_scratch = blobs.scratch_root() / "parse-crashed"
    old_scratch.mkdir()
    (old_scratch / "partial.parquet").write_bytes(b"half")
    folder = blobs.local_path(T, kept.uri).parent
    old_part = folder / ".deadbeef.part"
    old_part.write_bytes(b"half an upload")
    fresh = blobs.scratch_root() / "parse-running"  # another live process is using this
    fresh.mkdir()
    long_ago = time.time() - ABANDONED_AFTER_SECONDS - 60
    for path in (old_scratch, old_part):
        os.utime(path, (long_ago, long_ago))

    async with local_runtime(build_registry(), home=home):
        pass

    assert not old_scratch.exists()
    assert not old_part.exists()
    assert fresh.is_dir()
    assert blobs.local_path(T, kept.uri).read_bytes() == b"a finished blob"
