"""Runtime API benchmark over HTTP: a uvicorn server process, driven through RuntimeClient.

(a) latency: one caller, 500 sequential submit → completed result (submit, then one long-poll
    `GET /api/execution/{id}/status?wait=`), p50/p99 ms;
(b) throughput: 2000 submitted at once until all completed, intents/s;
(c) the load client's own ceiling in the same run: the same client and connection pool asking
    the trivial `GET /health` 4000 times at once (requests/s). An intent costs at least two
    requests (submit, then the long-poll for its result), so half that rate bounds what (b)
    can show whatever the server does;
(d) with wrk (`_wrk.py`, a compiled load client, when installed): submissions for a fixed time
    over 32 connections, then the wait until every one has completed (completed intents/s
    over the whole time), beside wrk's own ceiling against `/health`;
(e) the same with batch submits (`wrk_batch`): `_wrk.BATCH` intents per request.

SQLite always; PostgreSQL when `SYMPHAINY_BENCH_DATABASE_URL` is set. Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from benchmarks import _wrk
from benchmarks.runtime_bench import registry
from symphainy.config import Settings
from symphainy.runtime import Runtime
from symphainy.runtime.api import create_runtime_app
from symphainy.sdk import RuntimeClient
from symphainy.security import Principal, mint_service_token
from symphainy.testing import free_port

TENANT = "bench"
CONNECTIONS = 8
"""The load client's connection pool (and concurrency)."""


# --- server process -------------------------------------------------------------------------


async def serve(url: str, home: str, port: int, secret: str) -> None:
    settings = Settings(
        home=Path(home), database_url=url, worker_concurrency=256, service_secret=secret
    )
    async with Runtime(settings, registry()) as runtime:
        app = create_runtime_app(runtime, settings)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            http="httptools" if _has("httptools") else "h11",
            backlog=4096,
        )
        server = uvicorn.Server(config)
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, lambda: setattr(server, "should_exit", True))
        task = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 - uvicorn offers no started event
            await asyncio.sleep(0.01)
        print("ready", flush=True)
        await task


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def run_server(argv: list[str]) -> None:
    url, home, port, secret = argv
    if _has("uvloop"):
        import uvloop

        uvloop.run(serve(url, home, int(port), secret))
    else:
        asyncio.run(serve(url, home, int(port), secret))


# --- driver ---------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def latency(rc: RuntimeClient, n: int) -> dict[str, float]:
    samples = []
    for i in range(n):
        start = time.perf_counter()
        sub = await rc.submit_intent("add_one", {"x": i})
        view = await rc.get_execution(sub.execution_id, wait=10)
        samples.append(time.perf_counter() - start)
        assert view.result == {"value": i + 1}, view
    return {
        "n": n,
        "p50_ms": round(pct(samples, 0.5), 3),
        "p99_ms": round(pct(samples, 0.99), 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
    }


async def throughput(rc: RuntimeClient, n: int) -> dict[str, float]:
    async def one(i: int) -> str:
        sub = await rc.submit_intent("add_one", {"x": i})
        return (await rc.wait_execution(sub.execution_id, timeout=60)).status

    start = time.perf_counter()
    statuses = await asyncio.gather(*(one(i) for i in range(n)))
    elapsed = time.perf_counter() - start
    assert all(s == "completed" for s in statuses)
    return {"n": n, "seconds": round(elapsed, 3), "intents_per_s": round(n / elapsed, 1)}


def run_engine(url: str, home: Path) -> dict[str, Any]:
    secret, port = secrets.token_urlsafe(32), free_port()
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.http_bench",
        "--serve",
        url,
        str(home),
        str(port),
        secret,
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1]
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        token = mint_service_token(secret.encode(), Principal(TENANT, "bench"), 3600)
        return asyncio.run(drive(f"http://127.0.0.1:{port}", token))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


async def client_ceiling(base: str, n: int = 4000) -> dict[str, float]:
    """Requests/s of the benchmark's own client against `/health` (nothing to do server-side)."""
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        slots = asyncio.Semaphore(CONNECTIONS)

        async def one() -> None:
            async with slots:
                (await http.get("/health")).raise_for_status()

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        elapsed = time.perf_counter() - start
    rate = n / elapsed
    return {"n": n, "requests_per_s": round(rate, 1), "intents_per_s_bound": round(rate / 2, 1)}


async def wrk_throughput(base: str, token: str, batch: int = 1) -> dict[str, Any]:
    """Completed intents/s under wrk's submissions (`_wrk.throughput`), `batch` per request."""
    async with RuntimeClient(base, token, timeout=60) as rc:

        async def completed() -> int:
            return (await rc.list_executions(status="completed", limit=1)).total

        item = {"intent_type": "add_one", "parameters": {"x": 1}}
        return await _wrk.throughput(base, item, token, completed, batch)


async def drive(base: str, token: str) -> dict[str, Any]:
    async with RuntimeClient(base, token, timeout=60, max_connections=CONNECTIONS) as rc:
        await latency(rc, 50)  # warm-up: connections, caches
        lat = await latency(rc, 500)
        thr = await throughput(rc, 2000)
        verified = await rc.verify_wal()
        assert verified.valid
    ceiling = await client_ceiling(base)
    have_wrk = _wrk.available()
    loaded = await wrk_throughput(base, token) if have_wrk else "skipped: no wrk"
    batched = await wrk_throughput(base, token, _wrk.BATCH) if have_wrk else "skipped: no wrk"
    return {
        "wrk": loaded,
        "wrk_batch": batched,
        "latency": lat,
        "throughput": thr,
        "client_ceiling": ceiling,
        "throughput_vs_client_bound": round(
            thr["intents_per_s"] / ceiling["intents_per_s_bound"], 3
        ),
        "wal_entries_verified": verified.entries_checked,
    }


def main() -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "runtime_http_api",
        "python": sys.version.split()[0],
        "server": {"uvloop": _has("uvloop"), "httptools": _has("httptools")},
        "client": {"max_connections": CONNECTIONS},
    }
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_home = Path(tmp, "sqlite")
        results["sqlite"] = run_engine(f"sqlite:///{sqlite_home}/bench.db", sqlite_home)
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = run_engine(pg, Path(tmp, "pg")) if pg else "skipped: no server"
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", nargs=4, metavar=("URL", "HOME", "PORT", "SECRET"))
    args = parser.parse_args()
    if args.serve:
        run_server(args.serve)
    else:
        print(json.dumps(main(), indent=2))
