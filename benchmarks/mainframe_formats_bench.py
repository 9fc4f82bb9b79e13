"""Mainframe record formats throughput (issue #16): 50 MB fixed (F), variable blocked (VB)
and multi-segment (V, one table per segment, parent links) files, to Parquet.

    python -m benchmarks.mainframe_formats_bench [--mb 50] [--formats F VB segments]

Prints JSON: one entry per format with "mb", "seconds", "mb_per_s" and "peak_rss_mb" (the
decoding process's own peak: each decode runs in a fresh process).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.copybook_bench import COPYBOOK, generate, measured
from symphainy.parsers.copybook import parse_copybook_records

RECORDS_PER_BLOCK = 50  # blocks of about 20 KB (50 records of 405 + 4 bytes)
SEGMENT_COPYBOOK = """\
       01  POLICY-FILE.
           05  SEG-ID                PIC X.
           05  POLICY-NO             PIC 9(10).
           05  POLICY.
               10  HOLDER            PIC X(40).
               10  PREMIUM           PIC S9(9)V99 COMP-3.
               10  START-DATE        PIC 9(8).
               10  PRODUCT           PIC X(10).
               10  SUM-INSURED       PIC S9(13)V99 COMP-3.
               10  AGENT             PIC 9(6).
               10  NOTES             PIC X(100).
           05  CLAIM REDEFINES POLICY.
               10  CLAIM-NO          PIC 9(12).
               10  CLAIM-DATE        PIC 9(8).
               10  AMOUNT            PIC S9(9)V99 COMP-3.
               10  STATUS            PIC X(2).
               10  REASON            PIC X(60).
"""
SEGMENT_OPTIONS: dict[str, object] = {
    "record_format": "V",
    "is_rdw_big_endian": True,
    "rdw_adjustment": -4,
    "segment_field": "SEG-ID",
    "redefine_segment_id_map": {"POLICY": ["P"], "CLAIM": ["C"]},
    "segment_children": {"POLICY": ["CLAIM"]},
}
VB_OPTIONS: dict[str, object] = {
    "record_format": "VB",
    "is_rdw_big_endian": True,
    "rdw_adjustment": -4,
    "is_bdw_big_endian": True,
    "bdw_adjustment": -4,
}


def _words(lengths: np.ndarray) -> np.ndarray:
    """Big-endian descriptor words counting themselves: (n, 4) bytes."""
    words = np.zeros((lengths.size, 4), dtype=np.uint8)
    total = lengths + 4
    words[:, 0], words[:, 1] = total >> 8, total & 0xFF
    return words


def to_vb(fixed: Path, target: Path, record_length: int) -> None:
    """Rewrite a fixed-record file as VB: RDW per record, BDW per RECORDS_PER_BLOCK."""
    data = np.fromfile(fixed, dtype=np.uint8).reshape(-1, record_length)
    with target.open("wb") as handle:
        for start in range(0, len(data), 20_000):
            chunk = data[start : start + 20_000]
            rdws = _words(np.full(len(chunk), record_length, dtype=np.int64))
            records = np.hstack([rdws, chunk])
            for first in range(0, len(records), RECORDS_PER_BLOCK):
                block = records[first : first + RECORDS_PER_BLOCK]
                handle.write(_words(np.array([block.size]))[0].tobytes() + block.tobytes())


def _text(rng: random.Random, width: int) -> bytes:
    return f"{rng.randint(0, 10**9)} TEXT".ljust(width)[:width].encode("cp037")


def _zoned(value: int, digits: int) -> bytes:
    return bytes(0xF0 + int(d) for d in str(value).zfill(digits))


def _packed(value: int, digits: int) -> bytes:
    size = digits // 2 + 1
    nibbles = [int(d) for d in str(value).zfill(2 * size - 1)] + [0xC]
    return bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def _policy(rng: random.Random, number: int) -> bytes:
    body = (
        _text(rng, 40)
        + _packed(rng.randint(0, 10**11 - 1), 11)
        + _zoned(rng.randint(19000101, 20991231), 8)
        + _text(rng, 10)
        + _packed(rng.randint(0, 10**15 - 1), 15)
        + _zoned(rng.randint(0, 999999), 6)
        + _text(rng, 100)
    )
    return "P".encode("cp037") + _zoned(number, 10) + body


def _claim(rng: random.Random, number: int) -> bytes:
    body = (
        _zoned(rng.randint(0, 10**12 - 1), 12)
        + _zoned(rng.randint(19000101, 20991231), 8)
        + _packed(rng.randint(0, 10**11 - 1), 11)
        + _text(rng, 2)
        + _text(rng, 60)
    )
    return "C".encode("cp037") + _zoned(number, 10) + body


def generate_segments(path: Path, megabytes: float, seed: int = 11) -> int:
    """Policies each followed by 0-3 claims (shorter records), with big-endian RDWs."""
    rng = random.Random(seed)
    pool = [_policy(rng, 0) for _ in range(500)], [_claim(rng, 0) for _ in range(500)]
    target, written, count, parts = int(megabytes * 1_000_000), 0, 0, []
    while written < target:
        kind = 0 if count == 0 or rng.random() < 0.4 else 1
        record = rng.choice(pool[kind])
        parts.append(_words(np.array([len(record)]))[0].tobytes() + record)
        written += len(parts[-1])
        count += 1
    path.write_bytes(b"".join(parts))
    return count


def decode(data: Path, copybook: str, options: dict[str, Any]) -> dict[str, object]:
    """Decode in this process; throughput and this process's peak RSS."""
    size = data.stat().st_size
    started = time.perf_counter()
    outcome = parse_copybook_records(data, data.parent / "out", copybook=copybook, **options)
    seconds = time.perf_counter() - started
    return {
        **measured(size, seconds),
        "records": outcome.record_count,
        "tables": {t.name: t.row_count for t in outcome.tables},
    }


def prepare(kind: str, workdir: Path, megabytes: float) -> tuple[Path, str, dict[str, Any]]:
    """Write the file of one format; its path, copybook and options."""
    if kind == "segments":
        data = workdir / "segments.dat"
        generate_segments(data, megabytes)
        return data, SEGMENT_COPYBOOK, SEGMENT_OPTIONS
    fixed = workdir / "fixed.dat"
    if not fixed.exists():
        generate(fixed, megabytes)
    if kind == "F":
        return fixed, COPYBOOK, {"record_format": "F"}
    from symphainy.parsers.copybook import parse_copybook

    vb = workdir / "vb.dat"
    to_vb(fixed, vb, parse_copybook(COPYBOOK).record_length)
    return vb, COPYBOOK, VB_OPTIONS


def main(argv: list[str] | None = None) -> int:
    """Generate each format's file, decode it in a fresh process, print the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--formats", nargs="*", default=["F", "VB", "segments"])
    parser.add_argument("--decode-only", nargs=3, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.decode_only is not None:
        data, copybook, options = args.decode_only
        result = decode(Path(data), Path(copybook).read_text(), json.loads(options))
        json.dump(result, sys.stdout)
        return 0
    results: dict[str, object] = {"benchmark": "mainframe_formats"}
    with tempfile.TemporaryDirectory(prefix="mainframe-bench-") as tmp:
        for kind in args.formats:
            data, copybook, options = prepare(kind, Path(tmp), args.mb)
            book = Path(tmp) / f"{kind}.cpy"
            book.write_text(copybook)
            child = [sys.executable, "-m", "benchmarks.mainframe_formats_bench", "--decode-only"]
            child += [str(data), str(book), json.dumps(options)]
            done = subprocess.run(child, check=True, capture_output=True, text=True)
            results[kind] = json.loads(done.stdout)
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
