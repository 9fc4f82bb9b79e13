"""Retention benchmark, SQLite and PostgreSQL.

One tenant holds OLD finished executions (past every retention); a retention run removes them
and compacts its WAL while another tenant keeps submitting intents. Reported: rows removed per
second (executions + WAL entries), and the submit path's latency (`Runtime.submit`, p50/p99)
during the run against the same measure without one (measured first, same process).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.runtime_bench import TENANT, pct, registry, throughput
from symphainy.config import Settings
from symphainy.runtime import Runtime
from symphainy.runtime._retention import DAY
from symphainy.runtime._submit import SubmitIntent

OLD_TENANT = "retention-old"
OLD = int(os.environ.get("RETENTION_BENCH_ROWS", "10000"))
BASELINE = 1000


async def seed(rt: Runtime) -> None:
    for start in range(0, OLD, 2000):
        subs = await asyncio.gather(
            *(
                rt.submit(SubmitIntent(OLD_TENANT, "add_one", {"x": i}))
                for i in range(start, min(OLD, start + 2000))
            )
        )
        await asyncio.gather(*(rt.wait(OLD_TENANT, s.execution_id) for s in subs))


async def submit_latencies(rt: Runtime, stop: asyncio.Event | None, n: int) -> list[float]:
    samples: list[float] = []
    i = 0
    while (stop is None and i < n) or (stop is not None and not stop.is_set()):
        t0 = time.perf_counter()
        await rt.submit(SubmitIntent(TENANT, "add_one", {"x": i}))
        samples.append(time.perf_counter() - t0)
        i += 1
        await asyncio.sleep(0.002)  # a steady flow, one at a time, not a flood
    return samples


def summary(samples: list[float]) -> dict[str, Any]:
    return {
        "n": len(samples),
        "p50_ms": round(pct(samples, 0.5), 3),
        "p95_ms": round(pct(samples, 0.95), 3),
        "p99_ms": round(pct(samples, 0.99), 3),
        "max_ms": round(max(samples) * 1000, 3),
    }


async def run_engine(url: str, home: Path) -> dict[str, Any]:
    settings = Settings(home=home, database_url=url, worker_concurrency=256)
    async with Runtime(settings, registry()) as rt:
        await throughput(rt, 500)  # warm-up
        await seed(rt)
        without = await submit_latencies(rt, None, BASELINE)
        stop = asyncio.Event()
        flow = asyncio.ensure_future(submit_latencies(rt, stop, 0))
        t0 = time.perf_counter()
        counts = await rt.retention.run(OLD_TENANT, now=time.time() + 400 * DAY)
        seconds = time.perf_counter() - t0
        stop.set()
        during = await flow
        verify = await rt.wal.verify(OLD_TENANT)
    rows = counts["executions"] + counts["wal_entries"]
    return {
        "removed": counts,
        "run_seconds": round(seconds, 3),
        "rows_removed_per_s": round(rows / seconds, 1),
        "executions_removed_per_s": round(counts["executions"] / seconds, 1),
        "wal_valid_after": verify.valid,
        "submit_latency_without_retention": summary(without),
        "submit_latency_during_retention": summary(during),
        "batch_size": settings.retention_batch_size,
    }


async def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "retention", "python": sys.version.split()[0]}
    results["cpus"] = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await run_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await run_engine(pg, Path(tmp)) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), indent=2))
