"""Quota benchmark, SQLite and PostgreSQL: what the quota checks cost the submit path.

The submit path's throughput (2,000 intents submitted at once until all completed) and its
latency (submit → completed, one at a time) with no quota set against the tenant holding
overrides of `max_queued`, `max_submits_per_minute` and `max_running` that every submit and claim
must check (set high enough never to refuse). Rounds alternate (none, quotas, none, quotas) so
both see the same machine load; `drop_pct` compares the medians.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.runtime_bench import TENANT, latency, registry, throughput
from symphainy.config import Settings
from symphainy.runtime import Runtime
from symphainy.store import QuotaLimits

ROUNDS = int(os.environ.get("QUOTA_BENCH_ROUNDS", "3"))
LIMITS = QuotaLimits(max_queued=100_000, max_running=1_000, max_submits_per_minute=1_000_000)


async def one_round(rt: Runtime, limits: QuotaLimits) -> tuple[float, float]:
    await rt.store.quotas.set(TENANT, limits, "bench")
    rate = (await throughput(rt, 2000))["intents_per_s"]
    return rate, (await latency(rt, 200))["p50_ms"]


async def run_engine(url: str, home: Path) -> dict[str, Any]:
    settings = Settings(home=home, database_url=url, worker_concurrency=256)
    none: list[tuple[float, float]] = []
    limited: list[tuple[float, float]] = []
    async with Runtime(settings, registry()) as rt:
        await throughput(rt, 500)  # warm-up: connections, caches
        for _ in range(ROUNDS):
            none.append(await one_round(rt, QuotaLimits()))
            limited.append(await one_round(rt, LIMITS))
    ref = statistics.median(r for r, _ in none)
    checked = statistics.median(r for r, _ in limited)
    return {
        "no_quota_intents_per_s": [r for r, _ in none],
        "with_quotas_intents_per_s": [r for r, _ in limited],
        "drop_pct": round((1 - checked / ref) * 100, 2),
        "no_quota_latency_p50_ms": statistics.median(p for _, p in none),
        "with_quotas_latency_p50_ms": statistics.median(p for _, p in limited),
    }


async def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "quotas", "python": sys.version.split()[0]}
    results["cpus"] = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await run_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await run_engine(pg, Path(tmp)) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), indent=2))
