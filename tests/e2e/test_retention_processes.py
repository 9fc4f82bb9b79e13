"""Real processes: a retention run SIGKILLed midway leaves a consistent store, the next ends it."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.runtime import Wal
from symphainy.runtime._retention import Retention
from symphainy.store import LocalBlobStore, Store, open_store
from tests.contract._store_helpers import submit
from tests.e2e.retention_proc import LATER, SECRET

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
T = "tenant-a"
ROWS = 500


async def executions(store: Store) -> int:
    rows = await store.reader.rows("SELECT COUNT(*) FROM executions WHERE tenant_id = :t", {"t": T})
    return int(rows[0][0])


async def seed(store: Store) -> None:
    ids = [await submit(store, T) for _ in range(ROWS)]
    await store.claim("w", ROWS, 30.0)
    for execution_id in ids:
        await store.finish(execution_id, "w", "completed", result="1")


async def test_sigkill_mid_run_leaves_a_consistent_store(database_url: str, tmp_path: Path) -> None:
    async with open_store(database_url) as store:
        await seed(store)
        wal = Wal(store, SECRET)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.e2e.retention_proc",
            database_url,
            str(tmp_path),
            T,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )
        assert proc.stdout is not None
        assert (await asyncio.wait_for(proc.stdout.readline(), 30)).strip() == b"ready"
        async with asyncio.timeout(60):
            while await executions(store) > ROWS - 20:  # some batches committed, most not
                await asyncio.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        left = await executions(store)
        assert 0 < left < ROWS, "killed midway"
        assert (await wal.verify(T)).valid
        settings = Settings(home=tmp_path, database_url=database_url)
        retention = Retention(store, LocalBlobStore(tmp_path / "blobs"), wal, settings, SECRET)
        done = await retention.run(T, now=time.time() + LATER)
        assert done["executions"] == left
        assert await executions(store) == 0
        verdict = await wal.verify(T)
        assert verdict.valid, verdict
        assert verdict.anchor_seq > 0
