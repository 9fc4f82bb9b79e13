"""Content intents end to end, in process on SQLite: a ~100 MB CSV through upload (staged
blob) → ingest_file → save_materialization → parse_content, against bare polars.read_csv of
the same file; and the same chain for a ~100 MB EBCDIC file with a 50-field copybook.
Peak RSS is the whole process (runtime, store, parser)."""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from benchmarks import copybook_bench
from symphainy.capabilities.content import register
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime

T = "bench"


async def chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as fh:
        while data := fh.read(1 << 20):
            yield data


async def run(rt: Runtime, intent: str, params: dict[str, Any]) -> dict[str, Any]:
    sub = await rt.submit(SubmitIntent(T, intent, params))
    view = await rt.wait(T, sub.execution_id)
    assert view.status == "completed", view.error
    return dict(view.result)


async def chain(rt: Runtime, path: Path, parse: dict[str, Any]) -> tuple[float, int]:
    # The upload (staging into the blob store) is the gateway's job; timed from ingest on.
    staged = await rt.artifacts.blobs.put_stream(T, chunks(path))
    start = time.perf_counter()
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
    return time.perf_counter() - start, int(parsed["record_count"])


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
    polars_s = in_child(
        "import json, time, polars as pl; t = time.perf_counter();"
        f"pl.read_csv('{csv_path}'); print(time.perf_counter() - t)"
    )
    registry = IntentRegistry()
    register(registry)
    async with local_runtime(registry, home=tmp / "home") as rt:
        csv_s, csv_rows = await chain(rt, csv_path, {})
        cb_s, records = await chain(
            rt, ebcdic, {"parsing_type": "mainframe", "copybook": copybook_bench.COPYBOOK}
        )
    mb = csv_path.stat().st_size / 1e6
    cb_mb = ebcdic.stat().st_size / 1e6
    assert csv_rows == rows
    return {
        "csv": {
            "mb": round(mb, 1),
            "rows": rows,
            "chain_s": round(csv_s, 2),
            "polars_read_csv_s": round(polars_s, 2),
            "ratio": round(csv_s / polars_s, 2),
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
