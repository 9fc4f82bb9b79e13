"""Fairness benchmark, SQLite and PostgreSQL.

(a) tenant B's single-intent latency (submit to completed, one at a time) alone, and while
    tenant A's burst of 20,000 is submitted and drained; p50/p99 ms and their ratio (the
    issue's bound: B's p50 at most 5x). The burst's drain time is what B would wait in a
    first-in-first-out queue.
(b) the claim with 100,000 executions queued (10 tenants): one `Store.claim` of 64 slots (the
    whole write transaction), p50/p99 ms over 50 claims, and the same with an empty queue.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from benchmarks.runtime_bench import pct
from symphainy.config import Settings
from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime, SubmitIntent
from symphainy.store import ExecutionRow, NewExecution, Store
from symphainy.store._executions import COLS, TERMINAL_SQL

BURST = int(os.environ.get("FAIRNESS_BENCH_BURST", "20000"))
QUEUED = 100_000
CLAIMS = 50
WORK_SECONDS = 0.005
"""Each intent's handler time: the burst then takes seconds to drain, as real work would."""


class N(BaseModel):
    n: int


def registry() -> IntentRegistry:
    reg = IntentRegistry()

    @reg.intent("work", params=N, result=N, realm="bench")
    async def work(ctx: ExecutionContext, p: N) -> N:
        await asyncio.sleep(WORK_SECONDS)
        return p

    return reg


QUEUE_WAITS: list[float] = []
"""Created to started, of each single intent measured (the part the queue's order decides)."""


async def one(rt: Runtime, tenant: str, n: int) -> float:
    start = time.perf_counter()
    sub = await rt.submit(SubmitIntent(tenant, "work", {"n": n}))
    view = await rt.wait(tenant, sub.execution_id, timeout=600)
    assert view.status == "completed"
    assert view.started_at is not None
    QUEUE_WAITS.append((view.started_at - view.created_at).total_seconds())
    return time.perf_counter() - start


async def b_alone(rt: Runtime, n: int) -> list[float]:
    return [await one(rt, f"b-alone-{uuid.uuid4().hex[:6]}", i) for i in range(n)]


async def burst(rt: Runtime, tenant: str) -> float:
    start = time.perf_counter()
    await asyncio.gather(*(rt.submit(SubmitIntent(tenant, "work", {"n": i})) for i in range(BURST)))
    # Drained when none is left unfinished (20,000 `wait` calls would measure the waiters).
    # Polled: the drain is a store condition no in-process event announces (0.1 s resolution
    # on a drain of several seconds).
    while await unfinished(rt.store, tenant):  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    return time.perf_counter() - start


async def unfinished(store: Store, tenant: str) -> int:
    rows = await store.reader.rows(
        f"SELECT COUNT(*) FROM executions WHERE tenant_id = :t AND status NOT IN {TERMINAL_SQL}",
        {"t": tenant},
    )
    return int(rows[0][0])


async def during_burst(rt: Runtime) -> tuple[list[float], float]:
    a = asyncio.ensure_future(burst(rt, f"a-{uuid.uuid4().hex[:6]}"))
    b = f"b-{uuid.uuid4().hex[:6]}"
    samples: list[float] = []
    while not a.done():
        samples.append(await one(rt, b, len(samples)))
    return samples, await a


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(pct(samples, 0.5), 2),
        "p99_ms": round(pct(samples, 0.99), 2),
    }


async def fairness(rt: Runtime) -> dict[str, Any]:
    await b_alone(rt, 50)  # warm-up
    QUEUE_WAITS.clear()
    alone = summary(await b_alone(rt, 300))
    alone_queue = summary(QUEUE_WAITS)
    QUEUE_WAITS.clear()
    samples, drained = await during_burst(rt)
    loaded = summary(samples)
    return {
        "burst": BURST,
        "b_alone": alone,
        "b_during_burst": loaded,
        "b_alone_queue_wait": alone_queue,
        "b_during_burst_queue_wait": summary(QUEUE_WAITS),
        "p50_ratio": round(loaded["p50_ms"] / alone["p50_ms"], 2),
        "p99_ratio": round(loaded["p99_ms"] / alone["p99_ms"], 2),
        "burst_drain_seconds": round(drained, 2),
    }


def _queued_row(i: int, now: float) -> dict[str, Any]:
    row = ExecutionRow(
        execution_id=uuid.uuid4().hex,
        tenant_id=f"queued-{i % 10}",
        intent_id=uuid.uuid4().hex,
        intent_type="work",
        session_id=None,
        solution_id=None,
        user_id=None,
        parent_execution_id=None,
        idempotency_key=None,
        parameters='{"n": 1}',
        metadata="{}",
        status="created",
        attempt=0,
        max_attempts=1,
        result=None,
        error=None,
        lease_owner=None,
        lease_expires=None,
        run_after=now,
        cancel_requested=0,
        event_seq=2,
        correlation_id=None,
        request_id=None,
        created_at=now,
        updated_at=now,
        started_at=None,
        completed_at=None,
        fair_seq=-(i // 10) - 1,  # as submit tags them: the ten tenants interleaved
    )
    return {c.strip(): getattr(row, c.strip()) for c in COLS.split(",")}


async def fill(store: Store) -> None:
    now = time.time()
    keys = [c.strip() for c in COLS.split(",")]
    sql = f"INSERT INTO executions ({COLS}) VALUES ({', '.join(':' + k for k in keys)})"
    for start in range(0, QUEUED, 10_000):
        rows = [_queued_row(i, now) for i in range(start, start + 10_000)]
        await store.write(lambda tx, rows=rows: tx.many(sql, rows))


async def claim_times(store: Store) -> dict[str, float]:
    samples = []
    for _ in range(CLAIMS):
        start = time.perf_counter()
        claimed = await store.claim("bench-claimer", 64, 300.0, {}, 256)
        samples.append(time.perf_counter() - start)
        assert claimed
    return summary(samples)


async def claim_query(url: str, home: Path) -> dict[str, Any]:
    # Workers off: the bench claims alone, on a store holding only this queue.
    settings = Settings(home=home, database_url=url, workers_enabled=False)
    async with Runtime(settings, registry()) as rt:
        store = rt.store
        await store.write(lambda tx: tx.q("DELETE FROM executions"))
        await store.submit(_one_new(), None, 300.0)
        empty = await claim_once(store)
        await fill(store)
        full = await claim_times(store)
        await store.write(lambda tx: tx.q("DELETE FROM executions"))
    return {"queued": QUEUED, "claim_64_queue_empty_ms": empty, "claim_64_queue_100k": full}


def _one_new() -> NewExecution:
    return NewExecution(uuid.uuid4().hex, "t", uuid.uuid4().hex, "work", '{"n": 1}', 1)


async def claim_once(store: Store) -> float:
    start = time.perf_counter()
    await store.claim("bench-claimer", 64, 300.0, {}, 256)
    return round((time.perf_counter() - start) * 1000, 2)


async def run_engine(url: str, home: Path) -> dict[str, Any]:
    settings = Settings(home=home, database_url=url, worker_concurrency=64)
    async with Runtime(settings, registry()) as rt:
        fair = await fairness(rt)
    return {"fairness": fair, "claim": await claim_query(url, home)}


async def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "fairness", "python": sys.version.split()[0]}
    results["cpus"] = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await run_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await run_engine(pg, Path(tmp)) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), indent=2))
