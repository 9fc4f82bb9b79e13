"""Run benchmarks, each in its own process; print their JSON and keep it in benchmarks/results/.

python -m benchmarks [--compare] [name ...]
(names: the keys of BENCHMARKS below; none: all of them)

`--compare` prints, after each result, its figures against the previous run's results file
(`benchmarks/_compare.py`): old → new, the ratio, and REGRESSION where one got worse.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._compare import compare

HERE = Path(__file__).parent
BENCHMARKS = {
    "runtime": "benchmarks.runtime_bench",
    "scale": "benchmarks.scale_bench",
    "http": "benchmarks.http_bench",
    "e2e": "benchmarks.e2e_bench",
    "csv": "benchmarks.csv_bench",
    "copybook": "benchmarks.copybook_bench",
    "mainframe_formats": "benchmarks.mainframe_formats_bench",
    "content": "benchmarks.content_bench",
    "schedules": "benchmarks.schedule_bench",
    "retention": "benchmarks.retention_bench",
    "quotas": "benchmarks.quota_bench",
    "fairness": "benchmarks.fairness_bench",
    "search": "benchmarks.search_bench",
    "traces": "benchmarks.trace_bench",
    "process_eval": "benchmarks.process_eval_bench",
}


def run(name: str, module: str) -> dict[str, object]:
    """Run one benchmark module and parse the JSON it prints."""
    if not (HERE / f"{module.rsplit('.', 1)[1]}.py").exists():
        return {"benchmark": name, "error": "not present in this checkout"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", module], capture_output=True, text=True, cwd=HERE.parent, check=False
    )
    if proc.returncode != 0:
        return {"benchmark": name, "error": proc.stderr.strip().splitlines()[-5:]}
    result: dict[str, object] = json.loads(proc.stdout)
    result["wall_seconds"] = round(time.perf_counter() - start, 2)
    return result


def main(args: list[str]) -> int:
    """Run the named benchmarks (all by default); non-zero exit if any failed."""
    names = [a for a in args if a != "--compare"]
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        print(f"unknown benchmarks: {sorted(unknown)}; choose from {sorted(BENCHMARKS)}")
        return 2
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    failed = False
    for name in names or list(BENCHMARKS):
        result = run(name, BENCHMARKS[name])
        failed |= "error" in result
        text = json.dumps(result, indent=2)
        path = out / f"{name}.json"
        previous = json.loads(path.read_text()) if path.exists() else None
        path.write_text(text + "\n")
        print(text, flush=True)
        if "--compare" in args:
            _print_comparison(name, previous, result)
    return 1 if failed else 0


def _print_comparison(
    name: str, previous: dict[str, object] | None, result: dict[str, object]
) -> None:
    if previous is None:
        print(f"[compare] {name}: no previous results file to compare with", flush=True)
        return
    print(f"[compare] {name} (previous run → this run)")
    for line in compare(previous, result):
        print(f"  {line}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
