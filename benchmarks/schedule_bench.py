"""Schedule benchmark, SQLite and PostgreSQL.

(a) start lag: 1,000 one-shot schedules due in the same second; for each run, the lag from its
    due time to its submit (`created_at`) and to its start (`started_at`), p50/p99 ms;
(b) the submit path's throughput (2,000 intents submitted at once until all completed) with
    10,000 idle schedules in the store against none. The "none" figure is the machine's own
    reference, measured in the same process and alternated with the idle one (none, idle, none,
    idle), so both see the same machine load; `drop_pct` compares their medians (the issue's
    bound: at most 5%).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.runtime_bench import TENANT, pct, registry, throughput
from symphainy.config import Settings
from symphainy.runtime import Runtime
from symphainy.security._principal import Principal
from symphainy.store import ScheduleRow, Store, dumps
from symphainy.store._schedules import COLS

OWNER = Principal(TENANT, "bench-user", ("member",))
DUE_BATCH = 1000
IDLE = 10_000
ROUNDS = int(os.environ.get("SCHEDULE_BENCH_ROUNDS", "5"))
"""Alternated none/idle rounds; the medians compare (more rounds: less noise)."""


async def start_lag(rt: Runtime) -> dict[str, Any]:
    sdk = rt.for_caller(OWNER)
    due = math.ceil(time.time()) + 6  # creating 1,000 takes well under that
    at = datetime.fromtimestamp(due, UTC)
    made = await asyncio.gather(
        *(
            sdk.create_schedule(intent_type="add_one", parameters={"x": i}, at=at)
            for i in range(DUE_BATCH)
        )
    )
    assert time.time() < due, "schedules were not all created before their due time"
    ids = {m.schedule_id for m in made}
    views = []
    async with asyncio.timeout(120):
        while len(views) < DUE_BATCH:
            await asyncio.sleep(0.2)
            page = await sdk.list_executions(status="completed", limit=1000)
            views = [v for v in page.executions if v.schedule_id in ids]
    submit = [(v.created_at.timestamp() - due) for v in views]
    start = [(v.started_at.timestamp() - due) for v in views if v.started_at]
    assert len({v.schedule_id for v in views}) == DUE_BATCH, "one run per schedule"
    return {
        "schedules": DUE_BATCH,
        "submit_lag_p50_ms": round(pct(submit, 0.5), 1),
        "submit_lag_p99_ms": round(pct(submit, 0.99), 1),
        "start_lag_p50_ms": round(pct(start, 0.5), 1),
        "start_lag_p99_ms": round(pct(start, 0.99), 1),
    }


def _idle_row(now: float) -> dict[str, Any]:
    row = ScheduleRow(
        uuid.uuid4().hex,
        "idle-tenant",
        "add_one",
        None,
        dumps({"x": 1}),
        "0 0 1 1 *",
        "UTC",
        None,
        None,
        None,
        "u",
        "[]",
        "skip",
        "latest",
        "active",
        now + 180 * 86400,
        None,
        None,
        None,
        None,
        None,
        None,
        now,
        now,
    )
    return {c.strip(): getattr(row, c.strip()) for c in COLS.split(",")}


async def add_idle(store: Store) -> None:
    now = time.time()
    rows = [_idle_row(now) for _ in range(IDLE)]
    sql = f"INSERT INTO schedules ({COLS}) VALUES ({', '.join(':' + k for k in rows[0])})"
    await store.write(lambda tx: tx.many(sql, rows))


async def drop_idle(store: Store) -> None:
    await store.write(lambda tx: tx.q("DELETE FROM schedules WHERE tenant_id = 'idle-tenant'"))


async def submit_rates(rt: Runtime) -> dict[str, Any]:
    await throughput(rt, 500)  # warm-up
    none, idle = [], []
    for _ in range(ROUNDS):
        none.append((await throughput(rt, 2000))["intents_per_s"])
        await add_idle(rt.store)
        idle.append((await throughput(rt, 2000))["intents_per_s"])
        await drop_idle(rt.store)
    ref, loaded = statistics.median(none), statistics.median(idle)
    return {
        "reference_no_schedules_intents_per_s": none,
        "with_10000_idle_schedules_intents_per_s": idle,
        "drop_pct": round((1 - loaded / ref) * 100, 2),
    }


async def run_engine(url: str, home: Path) -> dict[str, Any]:
    settings = Settings(
        home=home, database_url=url, worker_concurrency=256, schedules_per_tenant=20_000
    )
    async with Runtime(settings, registry()) as rt:
        lag = await start_lag(rt)
        rates = await submit_rates(rt)
    return {"start_lag": lag, "submit_throughput": rates}


async def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "schedules", "python": sys.version.split()[0]}
    results["cpus"] = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await run_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await run_engine(pg, Path(tmp)) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), indent=2))
