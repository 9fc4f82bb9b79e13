"""In-process runtime benchmark: submit → completed for an `x + 1` intent, SQLite and PostgreSQL.

(a) latency: one caller, 500 sequential submit → completed result, p50/p99 ms;
(b) throughput: 2000 submitted at once until all completed, intents/s;
(c) the machine's reference in the same run: the raw single-row commit rate of the same store
    (`raw_commit.py`), and the two figures as ratios of it;
(d) for (a) and (b), this process's CPU per intent and CPU seconds per wall second
    (`_cpu.py`): a share near 1.0 means the run was bound by the interpreter, not the store;
(e) for (a) and (b), the group commits per intent and the mean COMMIT statement, from the
    writer's own account (`_commits.py`): the durable floor under the latency.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from benchmarks._commits import commit_figures
from benchmarks._cpu import cpu_figures, process_cpu_s
from benchmarks.raw_commit import ratios, raw_commit, sqlite_url
from symphainy.config import Settings
from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime, SubmitIntent

TENANT = "bench"


class AddOne(BaseModel):
    x: int


class Value(BaseModel):
    value: int


def registry() -> IntentRegistry:
    reg = IntentRegistry()

    @reg.intent("add_one", params=AddOne, result=Value, realm="bench")
    async def add_one(ctx: ExecutionContext, p: AddOne) -> Value:
        return Value(value=p.x + 1)

    return reg


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def latency(rt: Runtime, n: int) -> dict[str, float]:
    samples = []
    cpu, commits = process_cpu_s(), rt.store.commit_stats()
    for i in range(n):
        start = time.perf_counter()
        sub = await rt.submit(SubmitIntent(TENANT, "add_one", {"x": i}))
        view = await rt.wait(TENANT, sub.execution_id)
        samples.append(time.perf_counter() - start)
        assert view.result == {"value": i + 1}
    return {
        "n": n,
        "p50_ms": round(pct(samples, 0.5), 3),
        "p99_ms": round(pct(samples, 0.99), 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
        **cpu_figures(process_cpu_s() - cpu, sum(samples), n),
        **commit_figures(commits, rt.store.commit_stats(), n, sum(samples)),
    }


async def throughput(rt: Runtime, n: int) -> dict[str, float]:
    start, cpu, commits = time.perf_counter(), process_cpu_s(), rt.store.commit_stats()
    subs = await asyncio.gather(
        *(rt.submit(SubmitIntent(TENANT, "add_one", {"x": i})) for i in range(n))
    )
    views = await asyncio.gather(*(rt.wait(TENANT, s.execution_id) for s in subs))
    elapsed = time.perf_counter() - start
    used = process_cpu_s() - cpu
    assert all(v.status == "completed" for v in views)
    return {
        "n": n,
        "seconds": round(elapsed, 3),
        "intents_per_s": round(n / elapsed, 1),
        **cpu_figures(used, elapsed, n),
        **commit_figures(commits, rt.store.commit_stats(), n, elapsed),
    }


async def run_engine(url: str, home: Path) -> dict[str, Any]:
    settings = Settings(home=home, database_url=url, worker_concurrency=256)
    async with Runtime(settings, registry()) as rt:
        await latency(rt, 50)  # warm-up: connections, caches
        lat = await latency(rt, 500)
        thr = await throughput(rt, 2000)
        verified = await rt.wal.verify(TENANT)
        assert verified.valid
    return {"latency": lat, "throughput": thr, "wal_entries_verified": verified.entries_checked}


async def measured(url: str, raw_url: str, home: Path) -> dict[str, Any]:
    """One store: the raw commit reference first (a quiet store), then the runtime."""
    raw = await asyncio.to_thread(raw_commit, raw_url)
    engine = await run_engine(url, home)
    return {**engine, "raw_commit": raw, "ratios": ratios(engine, raw)}


async def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "runtime_in_process", "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        results["sqlite"] = await measured(f"sqlite:///{tmp}/bench.db", sqlite_url(home), home)
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await measured(pg, pg, home) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), indent=2))
