"""wrk, the compiled HTTP load generator (Debian's `wrk`), as the HTTP benchmarks' load client.

A Python client tops out near 1,700 requests/s on this machine (measured against `/health`),
below what the Runtime API can take, so the throughput figures come from wrk: it submits
for a fixed time over many connections, and the benchmark then waits for every submitted
intent to complete. Its ceiling against `/health` is measured in the same run.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from symphainy.contracts._routes import OPERATIONS

THREADS = 2
CONNECTIONS = 32
SECONDS = 5
BATCH = 100
"""Intents per request in the HTTP benchmarks' batch-submit phase (`wrk_batch`)."""

_REQUESTS = re.compile(r"(\d+) requests in ([\d.]+)(m?s)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_P50 = re.compile(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def available() -> bool:
    """Whether wrk is installed (`scripts/bench.sh` installs it)."""
    return shutil.which("wrk") is not None


def run(url: str, script: str | None = None, seconds: int = SECONDS) -> dict[str, Any]:
    """Load `url` for `seconds` (POSTing what `script` sets up, if given): counts and rates."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
        if script is not None:
            path = Path(tmp, "load.lua")
            path.write_text(script)
            cmd[1:1] = ["-s", str(path)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    found = _REQUESTS.search(out)
    if found is None:
        raise RuntimeError(f"wrk printed no request count:\n{out}")
    requests = int(found.group(1))
    elapsed = float(found.group(2)) / (1000 if found.group(3) == "ms" else 1)
    refused = _NON_2XX.search(out)
    p50 = _P50.search(out)
    return {
        "requests": requests,
        "seconds": round(elapsed, 3),
        "requests_per_s": round(requests / elapsed, 1),
        "non_2xx": int(refused.group(1)) if refused else 0,
        "p50_ms": round(float(p50.group(1)) * _UNIT[p50.group(2)], 3) if p50 else None,
        "threads": THREADS,
        "connections": CONNECTIONS,
    }


def post_script(path: str, body: dict[str, Any], token: str) -> str:
    """A wrk Lua script that POSTs `body` as JSON to `path` with a bearer token."""
    return (
        'wrk.method = "POST"\n'
        f"wrk.path = {json.dumps(path)}\n"
        f"wrk.body = {json.dumps(json.dumps(body))}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    )


async def throughput(
    base: str,
    item: dict[str, Any],
    token: str,
    completed: Callable[[], Awaitable[int]],
    batch: int = 1,
) -> dict[str, Any]:
    """Submit `item` with wrk for `SECONDS`, then wait until `completed()` (a count of completed
    executions) has grown by every accepted intent: completed intents/s over the whole time,
    beside wrk's own ceiling against `/health` in the same run. `batch` > 1 sends `batch`
    copies per request as one batch submit instead of one submit per request."""
    if batch == 1:
        path, body = OPERATIONS["submit_intent"].path, item
    else:
        path, body = OPERATIONS["submit_intents"].path, {"intents": [item] * batch}
    ceiling = await asyncio.to_thread(run, f"{base}/health")
    before = await completed()
    start = time.perf_counter()
    load = await asyncio.to_thread(run, f"{base}{path}", post_script(path, body, token))
    if load["non_2xx"]:
        raise RuntimeError(f"wrk saw refused submissions: {load}")
    done = before
    while done - before < load["requests"] * batch:
        await asyncio.sleep(0.05)
        done = await completed()
    elapsed = time.perf_counter() - start
    return {
        "client_ceiling": ceiling,
        "submit": load,
        "completed": done - before,
        "seconds_until_all_completed": round(elapsed, 3),
        "intents_per_s": round((done - before) / elapsed, 1),
    }
