"""Scale-out: the runtime benchmark's burst split over one and then two processes, per store.

Each process runs its own Runtime (its own writer and worker) on the same store; all submit
their share of the burst at one agreed moment, and the rate is the whole burst over the time
from the first start to the last finish. All submit for one tenant, as the runtime benchmark
does: the tenant's WAL head is locked by each group transaction, the case least favourable to
scaling out. It answers whether a store's rate grows with
processes on this machine (PostgreSQL: row locks and `SKIP LOCKED`, many writers) or not
(SQLite: one writer at a time, whose lock is held while a group transaction runs).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from benchmarks.runtime_bench import latency, registry, throughput
from symphainy.config import Settings
from symphainy.runtime import Runtime

BURST = 4000
PROCESSES = (1, 2)
START_AFTER = 8.0
"""Seconds from spawning to the common start: enough for every process to boot and warm up."""


def _settings(url: str, home: str) -> Settings:
    return Settings(home=Path(home), database_url=url, worker_concurrency=256)


async def _share(url: str, home: str, n: int, start_at: float) -> tuple[float, float]:
    async with Runtime(_settings(url, home), registry()) as rt:
        await latency(rt, 50)  # warm-up: connections, caches
        await asyncio.sleep(max(0.0, start_at - time.time()))
        started = time.time()
        await throughput(rt, n)
        finished = time.time()
        # Stay up a moment: stopping (on SQLite, its final checkpoint) must not fall inside
        # another process's burst.
        await asyncio.sleep(1.0)
    return started, finished


def _child(url: str, home: str, n: int, start_at: float, out: Queue[tuple[float, float]]) -> None:
    out.put(asyncio.run(_share(url, home, n, start_at)))


def burst(url: str, home: str, processes: int) -> dict[str, Any]:
    """`BURST` intents split over `processes` runtimes on one store: intents/s overall."""
    ctx = multiprocessing.get_context("spawn")
    out: Queue[tuple[float, float]] = ctx.Queue()
    start_at = time.time() + START_AFTER
    share = BURST // processes
    children = [
        ctx.Process(target=_child, args=(url, home, share, start_at, out)) for _ in range(processes)
    ]
    for child in children:
        child.start()
    spans = [out.get(timeout=300) for _ in children]
    for child in children:
        child.join(60)
        if child.exitcode != 0:
            raise RuntimeError(f"a benchmark process failed (exit {child.exitcode})")
    elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
    return {
        "processes": processes,
        "n": share * processes,
        "intents_per_s": round(share * processes / elapsed, 1),
    }


async def _migrate(url: str, home: str) -> None:
    async with Runtime(_settings(url, home), registry()):
        pass  # migrations run once here, not raced by the processes


def store(url: str, home: str) -> dict[str, Any]:
    """One store: the burst in one process, then in two."""
    asyncio.run(_migrate(url, home))
    runs = {f"processes_{p}": burst(url, home, p) for p in PROCESSES}
    one, two = (runs[f"processes_{p}"]["intents_per_s"] for p in PROCESSES)
    return {**runs, "two_vs_one": round(two / one, 2)}


def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "scale_out", "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = store(f"sqlite:///{tmp}/scale.db", tmp)
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = store(pg, tmp) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
