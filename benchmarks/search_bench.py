"""Search benchmark, SQLite and PostgreSQL: find executions by search attribute among 100,000.

The store holds 100,000 finished executions of one tenant (and 10,000 of another carrying the
same attribute values, which the search must step over), each with four search attributes:
`customer` (1,000 values: 100 executions each), `amount` (an int, 1,000 values), `region`
(10 values: 10,000 each) and `due` (a datetime). Each query is a whole `list_executions` call
through the caller facade (checks, filter, page of 50 with its total, views), timed
`QUERIES` times with random values; p50/p99 ms. The issue's bound: under 50 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.runtime_bench import TENANT, pct, registry
from symphainy.config import Settings
from symphainy.runtime import Runtime
from symphainy.security._principal import Principal
from symphainy.store import ExecutionRow, Store, dumps
from symphainy.store._executions import COLS

EXECUTIONS = int(os.environ.get("SEARCH_BENCH_EXECUTIONS", "100000"))
OTHER_TENANT = 10_000
QUERIES = int(os.environ.get("SEARCH_BENCH_QUERIES", "200"))
BATCH = 5_000
DUE0 = 1_900_000_000.0
ATTR_SQL = (
    "INSERT INTO execution_attributes (execution_id, key, tenant_id, kind, value_str, "
    "value_int, value_num) VALUES (:e, :k, :t, :kind, :s, :i, :n)"
)


def _attrs(i: int) -> dict[str, Any]:
    return {
        "customer": f"c{i % 1000}",
        "amount": (i * 7) % 1000,
        "region": f"r{i % 10}",
        "due": {"datetime": f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(DUE0 + i))}Z"},
    }


def _row(tenant: str, i: int, now: float) -> ExecutionRow:
    at = now - 100_000 + i
    return ExecutionRow(
        *(uuid.uuid4().hex, tenant, uuid.uuid4().hex, "add_one", None, None, "bench-user"),
        *(None, None, dumps({"x": i}), "{}", "completed", 1, 1, dumps({"value": i}), None),
        *(None, None, at, 0, 3, None, None, at, at, at, at),
        search_attributes=dumps(_attrs(i)),
    )


def _index_rows(row: ExecutionRow, i: int) -> list[dict[str, Any]]:
    a = _attrs(i)
    base = {"e": row.execution_id, "t": row.tenant_id, "s": None, "i": None, "n": None}
    return [
        {**base, "k": "customer", "kind": "str", "s": a["customer"]},
        {**base, "k": "amount", "kind": "int", "i": a["amount"]},
        {**base, "k": "region", "kind": "str", "s": a["region"]},
        {**base, "k": "due", "kind": "datetime", "n": DUE0 + i},
    ]


async def fill(store: Store, tenant: str, count: int) -> None:
    now = time.time()
    names = [c.strip() for c in COLS.split(",")]
    sql = f"INSERT INTO executions ({COLS}) VALUES ({', '.join(':' + c for c in names)})"
    for start in range(0, count, BATCH):
        rows = [(_row(tenant, i, now), i) for i in range(start, min(count, start + BATCH))]
        params = [{c: getattr(r, c) for c in names} for r, _ in rows]
        attrs = [a for r, i in rows for a in _index_rows(r, i)]

        def write(tx: Any, params: Any = params, attrs: Any = attrs) -> None:
            tx.many(sql, params)
            tx.many(ATTR_SQL, attrs)

        await store.write(write)


QUERY_SHAPES: dict[str, Callable[[random.Random], dict[str, Any]]] = {
    "customer (100 of 100,000)": lambda r: {"customer": f"c{r.randrange(1000)}"},
    "customer + amount (0-1)": lambda r: {
        "customer": f"c{r.randrange(1000)}",
        "amount": r.randrange(1000),
    },
    "region (10,000 of 100,000)": lambda r: {"region": f"r{r.randrange(10)}"},
    "due datetime (1)": lambda r: {
        "due": {
            "datetime": time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(DUE0 + r.randrange(EXECUTIONS))
            )
        }
    },
}


async def measure(rt: Runtime) -> dict[str, Any]:
    sdk = rt.for_caller(Principal(TENANT, "bench-user", ("member",)))
    rng = random.Random(18)
    out: dict[str, Any] = {}
    for name, shape in QUERY_SHAPES.items():
        samples, totals = [], []
        for _ in range(QUERIES):
            filters = shape(rng)
            start = time.perf_counter()
            page = await sdk.list_executions(search_attributes=filters, limit=50)
            samples.append(time.perf_counter() - start)
            totals.append(page.total)
        out[name] = {
            "p50_ms": round(pct(samples, 0.5), 2),
            "p99_ms": round(pct(samples, 0.99), 2),
            "mean_total": round(sum(totals) / len(totals), 1),
        }
    return out


async def run_engine(url: str, home: Path) -> dict[str, Any]:
    async with Runtime(Settings(home=home, database_url=url), registry()) as rt:
        start = time.perf_counter()
        await fill(rt.store, TENANT, EXECUTIONS)
        await fill(rt.store, "other-tenant", OTHER_TENANT)
        filled = time.perf_counter() - start
        return {"executions": EXECUTIONS, "fill_seconds": round(filled, 1), **await measure(rt)}


async def main() -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "search", "python": sys.version.split()[0]}
    results["cpus"] = os.cpu_count()
    results["queries_per_shape"] = QUERIES
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await run_engine(f"sqlite:///{tmp}/bench.db", Path(tmp))
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await run_engine(pg, Path(tmp)) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main()), indent=2))
