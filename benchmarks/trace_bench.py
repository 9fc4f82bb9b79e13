"""What tracing costs: runtime_bench's latency and throughput with tracing off and on.

"On" exports every span (submit, queue wait, run, store commit; sampled: all) over OTLP/HTTP to
a real receiver (tests/otlp.py's Collector) in a separate process, so decoding the spans does
not compete with the runtime for this process's GIL. Off and on alternate, twice each, to even
out a busy machine; each figure is reported per round. "sampled_10pct" is "on" with the standard
`OTEL_TRACES_SAMPLER=parentbased_traceidratio`, `OTEL_TRACES_SAMPLER_ARG=0.1`.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.runtime_bench import TENANT, latency, registry, throughput
from symphainy.config import Settings
from symphainy.runtime import Runtime

ROUNDS = 2


def _serve(ports: Any) -> None:
    from tests.otlp import Collector

    server = Collector()
    ports.put(server.server_address[1])
    server.serve_forever()


async def _measure(url: str, home: Path, endpoint: str, ratio: str = "") -> dict[str, Any]:
    # Read by OpenTelemetry's TracerProvider when the runtime creates it.
    os.environ["OTEL_TRACES_SAMPLER"] = (
        "parentbased_traceidratio" if ratio else "parentbased_always_on"
    )
    os.environ["OTEL_TRACES_SAMPLER_ARG"] = ratio or "1.0"
    settings = Settings(home=home, database_url=url, worker_concurrency=256, otlp_endpoint=endpoint)
    async with Runtime(settings, registry()) as rt:
        await latency(rt, 50)  # warm-up: connections, caches
        lat = await latency(rt, 300)
        thr = await throughput(rt, 2000)
        assert (await rt.wal.verify(TENANT)).valid
    return {"latency_p50_ms": lat["p50_ms"], "intents_per_s": thr["intents_per_s"]}


async def run_engine(url: str, home: Path, endpoint: str) -> dict[str, Any]:
    rounds: dict[str, list[dict[str, Any]]] = {"off": [], "on": [], "sampled_10pct": []}
    for _ in range(ROUNDS):
        rounds["off"].append(await _measure(url, home, ""))
        rounds["on"].append(await _measure(url, home, endpoint))
        rounds["sampled_10pct"].append(await _measure(url, home, endpoint, "0.1"))
    best = {k: max(r["intents_per_s"] for r in v) for k, v in rounds.items()}
    return {
        **rounds,
        "throughput_on_vs_off": round(best["on"] / best["off"], 3),
        "throughput_sampled_vs_off": round(best["sampled_10pct"] / best["off"], 3),
    }


async def main(endpoint: str) -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "tracing_cost", "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = await run_engine(f"sqlite:///{tmp}/bench.db", Path(tmp), endpoint)
        pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
        results["postgres"] = await run_engine(pg, Path(tmp), endpoint) if pg else "skipped"
    return results


if __name__ == "__main__":
    ports: Any = multiprocessing.Queue()
    receiver = multiprocessing.Process(target=_serve, args=(ports,), daemon=True)
    receiver.start()
    try:
        port = ports.get(timeout=30)
        print(json.dumps(asyncio.run(main(f"http://127.0.0.1:{port}/v1/traces")), indent=2))
    finally:
        receiver.terminate()
        receiver.join()
