"""Content intents end to end, in process on SQLite: a ~100 MB CSV through upload (staged
blob) → ingest_file → save_materialization → parse_content, against bare polars.read_csv of
the same file; and the same chain for a ~100 MB EBCDIC file with a 50-field copybook.
Peak RSS is the whole process (runtime, store, parser).

The CSV is measured in pairs, each a bare `read_csv` in a fresh interpreter (timed after
import) followed by our chain, so both sides of a ratio see the same machine load; `ratio`
is the median of the pairs' ratios. The first pair runs in a process that has not parsed
anything yet (its first-use costs are reported as `cold_ratio`); the pairs after it are
what a running server sees.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks import copybook_bench
from benchmarks._cpu import process_cpu_s
from symphainy.capabilities.content import register
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime

T = "bench"
WARM_PAIRS = 5


class Pair(NamedTuple):
    """One back-to-back measurement: our chain and bare read_csv, wall and CPU seconds."""

    chain_s: float
    polars_s: float
    chain_cpu_s: float
    polars_cpu_s: float


async def chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as fh:
        while data := fh.read(1 << 20):
            yield data


async def run(rt: Runtime, intent: str, params: dict[str, Any]) -> dict[str, Any]:
    sub = await rt.submit(SubmitIntent(T, intent, params))
    view = await rt.wait(T, sub.execution_id)
    assert view.status == "completed", view.error
    return dict(view.result)


async def chain(rt: Runtime, path: Path, parse: dict[str, Any]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this process, all threads) and records of one chain."""
    # The upload (staging into the blob store) is the gateway's job; timed from ingest on.
    staged = await rt.artifacts.blobs.put_stream(T, chunks(path))
    start, cpu = time.perf_counter(), process_cpu_s()
    ingested = await run(rt, "ingest_file", {"ui_name": path.name, "upload_uri": staged.uri})
    await run(
        rt,
        "save_materialization",
        {
            "file_id": ingested["artifact_id"],
            "boundary_contract_id": ingested["boundary_contract_id"],
        },
    )
    parsed = await run(rt, "parse_content", {"file_id": ingested["artifact_id"], **parse})
    return time.perf_counter() - start, process_cpu_s() - cpu, int(parsed["record_count"])


async def pair(rt: Runtime, path: Path, rows: int) -> Pair:
    """Bare polars.read_csv in a child, then our chain here: wall and CPU seconds of each."""
    polars_wall, polars_cpu = in_child(
        "import json, os, time, polars as pl; c = sum(os.times()[:2]); t = time.perf_counter();"
        f"pl.read_csv('{path}'); print(json.dumps([time.perf_counter() - t,"
        " sum(os.times()[:2]) - c]))"
    )
    chain_wall, chain_cpu, chain_rows = await chain(rt, path, {})
    assert chain_rows == rows
    return Pair(chain_wall, float(polars_wall), chain_cpu, float(polars_cpu))


def in_child(code: str) -> Any:
    """Run `code` in a fresh interpreter (so its memory does not count here); parse its print."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    return json.loads(out.stdout)


async def measure(tmp: Path) -> dict[str, Any]:
    csv_path, ebcdic = tmp / "big.csv", tmp / "big.dat"
    rows = in_child(
        "import json; from pathlib import Path; from benchmarks import csv_bench;"
        f"print(json.dumps(csv_bench.generate(Path('{csv_path}'), 100, False)))"
    )
    in_child(
        "from pathlib import Path; from benchmarks import copybook_bench;"
        f"copybook_bench.generate(Path('{ebcdic}'), 100); print(0)"
    )
    registry = IntentRegistry()
    register(registry)
    async with local_runtime(registry, home=tmp / "home") as rt:
        pairs = [await pair(rt, csv_path, rows) for _ in range(1 + WARM_PAIRS)]
        cb_s, _, records = await chain(
            rt, ebcdic, {"parsing_type": "mainframe", "copybook": copybook_bench.COPYBOOK}
        )
    mb = csv_path.stat().st_size / 1e6
    cb_mb = ebcdic.stat().st_size / 1e6
    warm = pairs[1:]
    return {
        "csv": {
            "mb": round(mb, 1),
            "rows": rows,
            "chain_s": round(statistics.median(p.chain_s for p in warm), 3),
            "polars_read_csv_s": round(statistics.median(p.polars_s for p in warm), 3),
            "ratio": round(statistics.median(p.chain_s / p.polars_s for p in warm), 2),
            "pair_ratios": [round(p.chain_s / p.polars_s, 2) for p in warm],
            # CPU seconds (all threads) hardly depend on what else the machine runs.
            "cpu_ratio": round(statistics.median(p.chain_cpu_s / p.polars_cpu_s for p in warm), 2),
            "cold_chain_s": round(pairs[0].chain_s, 3),
            "cold_ratio": round(pairs[0].chain_s / pairs[0].polars_s, 2),
        },
        "copybook": {
            "mb": round(cb_mb, 1),
            "records": records,
            "chain_s": round(cb_s, 2),
            "mb_per_s": round(cb_mb / cb_s, 1),
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        return {"benchmark": "content_chain", **asyncio.run(measure(Path(tmp)))}


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
