"""End to end: HttpSDK → Experience service → Runtime → worker → result, `symphainy up` in its
own process on the embedded SQLite store. (a) one caller, 500 sequential submit → completed
result, p50/p99; (b) 2000 submitted at once until all completed, intents/s; (c) with wrk
(`_wrk.py`): submissions through the Experience service for a fixed time, then until all
completed, beside wrk's ceiling against `/health`; (d) the same with batch submits of `_wrk.BATCH`
intents per request (`wrk_batch`)."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks import _wrk
from symphainy.sdk import HttpSDK
from symphainy.testing import platform_process

EXPERIENCE_CONNECTIONS = 16


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 3)


async def submit_and_wait(sdk: HttpSDK, session: str, x: int) -> Any:
    # Submit, then one long-polled status request that answers when the result is in.
    sub = await sdk.invoke_intent("echo", {"message": x}, session)
    return await sdk.wait(sub.execution_id)


async def measure(base_url: str) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=EXPERIENCE_CONNECTIONS)
    transport = httpx.AsyncHTTPTransport(limits=limits)
    async with HttpSDK(base_url, transport=transport) as sdk:
        await sdk.register("bench@example.com", "correct horse 1", "Bench")
        session = (await sdk.create_session()).session_id
        for i in range(50):
            await submit_and_wait(sdk, session, i)
        samples = []
        for i in range(500):
            start = time.perf_counter()
            view = await submit_and_wait(sdk, session, i)
            samples.append(time.perf_counter() - start)
            assert view.result == {"echo": i}
        start = time.perf_counter()
        sem = asyncio.Semaphore(EXPERIENCE_CONNECTIONS)

        async def one(i: int) -> Any:
            async with sem:
                return await submit_and_wait(sdk, session, i)

        views = await asyncio.gather(*(one(i) for i in range(2000)))
        elapsed = time.perf_counter() - start
        assert all(v.status == "completed" for v in views)
        have_wrk = _wrk.available()
        loaded = await _loaded(sdk, base_url, session) if have_wrk else "skipped: no wrk"
        batched = (
            await _loaded(sdk, base_url, session, _wrk.BATCH) if have_wrk else "skipped: no wrk"
        )
    return {
        "wrk": loaded,
        "wrk_batch": batched,
        "latency": {"n": 500, "p50_ms": pct(samples, 0.5), "p99_ms": pct(samples, 0.99)},
        "throughput": {
            "n": 2000,
            "seconds": round(elapsed, 3),
            "intents_per_s": round(2000 / elapsed, 1),
        },
    }


async def _loaded(sdk: HttpSDK, base_url: str, session: str, batch: int = 1) -> dict[str, Any]:
    """Completed intents/s when wrk submits through the Experience service (`_wrk.throughput`),
    one intent per request or `batch` per batch submit."""

    async def completed() -> int:
        return (await sdk.list_executions(status="completed", limit=1)).total

    item = {"intent_type": "echo", "parameters": {"message": 1}, "session_id": session}
    assert sdk.token is not None
    return await _wrk.throughput(base_url, item, sdk.token, completed, batch)


def main() -> dict[str, Any]:
    env = {
        **os.environ,
        "SYMPHAINY_RATE_LIMIT_PER_IP_PER_MINUTE": "10000000",
        "SYMPHAINY_RATE_LIMIT_PER_TENANT_PER_MINUTE": "10000000",
        "SYMPHAINY_RATE_LIMIT_AUTH_PER_IP_PER_MINUTE": "1000",
    }
    with tempfile.TemporaryDirectory() as home, platform_process(Path(home), env) as url:
        result = asyncio.run(measure(url))
    return {"benchmark": "e2e_http_sdk_experience_runtime", "store": "sqlite", **result}


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
