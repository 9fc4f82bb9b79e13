"""Real processes: a running limit holds across two worker processes on one database."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from symphainy.runtime import Runtime, SubmitIntent
from tests.e2e.test_processes import settings, spawn_worker
from tests.e2e.worker_proc import LIMIT, registry

pytestmark = pytest.mark.slow
T = "tenant-a"
RUNS = 60
PER_PROCESS = 2
"""Each worker process runs at most this many at once: below the limit, so the limit can only
be reached with both processes running (their sum, 4, is above it, so it must hold them back).
With more slots one process could hold all three and the other, polling, never find one."""


async def running_now(client: Runtime) -> int:
    rows = await client.store.reader.rows(
        "SELECT COUNT(*) FROM executions WHERE status = 'running' AND intent_type = 'limited'"
    )
    return int(rows[0][0])


async def test_a_limit_of_three_holds_across_two_worker_processes(
    database_url: str, tmp_path: Path
) -> None:
    procs = [
        await spawn_worker(database_url, tmp_path, "--concurrency", str(PER_PROCESS))
        for _ in range(2)
    ]
    samples: list[int] = []
    try:
        async with Runtime(settings(database_url, tmp_path, False), registry()) as client:
            subs = await asyncio.gather(
                *(
                    client.submit(SubmitIntent(T, "limited", {"log_path": "unused"}))
                    for _ in range(RUNS)
                )
            )
            waits = asyncio.gather(*(client.wait(T, s.execution_id, timeout=120) for s in subs))
            while not waits.done():  # sample the running count the whole time
                samples.append(await running_now(client))
            views = await waits
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        await asyncio.gather(*(p.wait() for p in procs))
    assert all(v.status == "completed" and v.attempt == 1 for v in views)
    assert max(samples) <= LIMIT, samples
    # The load reached the limit, which takes both processes (so the check above could have
    # failed), and both took part.
    assert max(samples) == LIMIT
    assert len({v.result["pid"] for v in views}) == 2
