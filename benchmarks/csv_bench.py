"""CSV parser throughput: ~100 MB / ~1M rows, bare `polars.read_csv` against our `parse_file`.

    python benchmarks/csv_bench.py [--mb 100] [--repeats 3] [--nullable-last] [--keep DIR]

Prints JSON: {"mb", "rows", "polars_s", "ours_s", "ratio", "peak_rss_mb", ...}. The file is
generated in a temporary directory (8 columns: ints, floats, dates, booleans, text with
quoted commas and quotes). Every measurement runs in a fresh process, alternating polars
and ours; times are medians and exclude interpreter start-up and imports. `peak_rss_mb` is
the peak resident memory of our parse (interpreter and polars included);
`polars_peak_rss_mb` is the same for the bare `read_csv`, which holds the whole frame.

`--nullable-last` leaves the last column empty in 10% of rows, which makes our parser run
its ragged-row pre-check (a second, vectorised pass over the raw lines).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

CATEGORIES = ["alpha", "beta", "gamma, inc.", 'delta "d"', "epsilon"]


def _frame(rows: int, nullable_last: bool) -> pl.DataFrame:
    row = pl.int_range(0, rows, dtype=pl.Int64)
    frame = pl.select(id=row).with_columns(
        customer=pl.format("Customer {}", pl.col("id") % 9973),
        amount=((pl.col("id").hash(1) % 1_000_000).cast(pl.Float64) / 100).round(2),
        qty=(pl.col("id").hash(2) % 500).cast(pl.Int64),
        category=(pl.col("id").hash(3) % len(CATEGORIES))
        .cast(pl.Int64)
        .replace_strict(list(range(len(CATEGORIES))), CATEGORIES, return_dtype=pl.String),
        created=pl.date(2024, 1, 1) + pl.duration(days=pl.col("id") % 366),
        active=pl.col("id").hash(4) % 2 == 0,
        note=pl.format("order note number {} lorem ipsum dolor", pl.col("id")),
    )
    if nullable_last:
        frame = frame.with_columns(
            note=pl.when(pl.col("id") % 10 == 0).then(None).otherwise(pl.col("note"))
        )
    return frame


def generate(path: Path, megabytes: float, nullable_last: bool) -> int:
    """Write a CSV of about `megabytes` MB to `path`; return its row count."""
    probe = _frame(20_000, nullable_last).write_csv()
    bytes_per_row = len(probe.encode()) / 20_000
    rows = round(megabytes * 1_000_000 / bytes_per_row)
    _frame(rows, nullable_last).write_csv(path)
    return rows


def _peak_rss_mb() -> float:
    # VmHWM belongs to this process image; ru_maxrss survives exec and can report the
    # parent's peak (the generator's) instead.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(kind: str, path: Path, out_dir: Path) -> None:
    """Time one parse in this process and print {"seconds", "peak_rss_mb", "rows"}."""
    from symphainy.parsers import parse_file

    start = time.perf_counter()
    if kind == "polars":
        rows = pl.read_csv(path).height
    else:
        rows = parse_file(path, out_dir, None, None).record_count
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "rows": rows}))


def _run(kind: str, path: Path, out_dir: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(path), str(out_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--nullable-last", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this directory")
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "CSV", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, csv_path, out = args.worker
        worker(kind, Path(csv_path), Path(out))
        return
    with tempfile.TemporaryDirectory(prefix="csv-bench-") as scratch:
        base = args.keep or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        path = base / "bench.csv"
        rows = generate(path, args.mb, args.nullable_last)
        runs: dict[str, list[dict[str, float]]] = {"polars": [], "ours": []}
        _run("polars", path, base / "warmup")  # page cache and first-import costs
        for attempt in range(args.repeats):
            for kind in runs:
                runs[kind].append(_run(kind, path, base / f"out-{kind}-{attempt}"))
        polars_s = statistics.median(r["seconds"] for r in runs["polars"])
        ours_s = statistics.median(r["seconds"] for r in runs["ours"])
        assert all(r["rows"] == rows for rs in runs.values() for r in rs), "row count mismatch"
        print(json.dumps({
            "mb": round(path.stat().st_size / 1_000_000, 1),
            "rows": rows,
            "polars_s": round(polars_s, 3),
            "ours_s": round(ours_s, 3),
            "ratio": round(ours_s / polars_s, 2),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["ours"]), 1),
            "polars_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["polars"]), 1),
            "repeats": args.repeats,
            "nullable_last": args.nullable_last,
        }))  # fmt: skip


if __name__ == "__main__":
    main()
