"""A process running one retention pass (batches of one row), for the SIGKILL test."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from symphainy.config import Settings
from symphainy.runtime import Wal
from symphainy.runtime._retention import DAY, Retention
from symphainy.store import LocalBlobStore, open_store

SECRET = b"k" * 32
LATER = 400 * DAY


async def main(database_url: str, home: Path, tenant: str) -> None:
    settings = Settings(home=home, database_url=database_url, retention_batch_size=1)
    async with open_store(database_url) as store:
        wal = Wal(store, SECRET)
        retention = Retention(store, LocalBlobStore(home / "blobs"), wal, settings, SECRET)
        print("ready", flush=True)
        await retention.run(tenant, now=time.time() + LATER)
        print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3]))
