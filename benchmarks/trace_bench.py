"""What tracing costs: runtime_bench's latency and throughput with tracing off and on.

"On" exports every span (submit, queue wait, run, store commit; sampled: all) over OTLP/HTTP to
a real receiver (tests/otlp.py's Collector) in a separate process, so decoding the spans does
not compete with the runtime for this process's GIL. The modes run in the order A B C C B A so
that a drift (a busy machine, PostgreSQL's tables growing) weighs on each alike; SQLite gets a
fresh file per run. Each figure is reported per run. "sampled_10pct" is "on" with the standard
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

MODES = {"off": None, "on": "", "sampled_10pct": "0.1"}
"""Mode → sampling ratio ("": every span; None: no endpoint)."""


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


async def run_engine(url: str | None, endpoint: str) -> dict[str, Any]:
    """Each mode twice on one engine (`url`; None: a fresh SQLite file per run)."""
    rounds: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    for mode in [*MODES, *reversed(MODES)]:
        ratio = MODES[mode]
        with tempfile.TemporaryDirectory() as tmp:
            db = url or f"sqlite:///{tmp}/bench.db"
            target = "" if ratio is None else endpoint
            rounds[mode].append(await _measure(db, Path(tmp), target, ratio or ""))
    best = {k: max(r["intents_per_s"] for r in v) for k, v in rounds.items()}
    return {
        **rounds,
        "throughput_on_vs_off": round(best["on"] / best["off"], 3),
        "throughput_sampled_vs_off": round(best["sampled_10pct"] / best["off"], 3),
    }


async def main(endpoint: str) -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "tracing_cost", "python": sys.version.split()[0]}
    results["sqlite"] = await run_engine(None, endpoint)
    pg = os.environ.get("SYMPHAINY_BENCH_DATABASE_URL")
    results["postgres"] = await run_engine(pg, endpoint) if pg else "skipped"
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
