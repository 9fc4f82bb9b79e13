"""Copybook decoder throughput: ~100 MB of cp037 fixed records, 50 fields, to Parquet.

    python benchmarks/copybook_bench.py [--mb 100] [--keep DIR]

Prints JSON: {"mb", "seconds", "mb_per_s", "peak_rss_mb", ...}. The file is generated in a
temporary directory by tiling a pool of records encoded field by field (every record gets a
unique ACCOUNT-ID and SEQ-NO); decoding then runs in a fresh process, so `peak_rss_mb` is the
decoder's own peak resident memory (interpreter, numpy and pyarrow included).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from symphainy.parsers.copybook import (
    parse_copybook,
    parse_copybook_records,
)

COPYBOOK = """\
      * 50-field benchmark record: text, zoned (signed, decimals), COMP-3, COMP, COMP-5.
       01  BENCH-REC.
           05  ACCOUNT-ID            PIC 9(10).
           05  CUSTOMER-NAME         PIC X(30).
           05  CUSTOMER-TYPE         PIC X.
               88  PERSONAL          VALUE 'P'.
               88  BUSINESS          VALUE 'B'.
           05  BALANCE               PIC S9(11)V99 COMP-3.
           05  CREDIT-LIMIT          PIC S9(9)V99 COMP-3.
           05  OPEN-DATE             PIC 9(8).
           05  BRANCH                PIC S9(4) COMP.
           05  ADDRESS.
               10  STREET            PIC X(30).
               10  CITY              PIC X(20).
               10  STATE             PIC XX.
               10  ZIP               PIC 9(5).
               10  COUNTRY           PIC X(3).
           05  PHONE                 PIC X(12).
           05  EMAIL                 PIC X(40).
           05  RATE                  PIC S9(3)V9(4).
           05  FEES-YTD              PIC S9(7)V99 COMP-3.
           05  INTEREST-YTD          PIC S9(7)V99 COMP-3.
           05  TXN-COUNT             PIC 9(9) COMP.
           05  LAST-TXN-AMOUNT       PIC S9(9)V99.
           05  LAST-TXN-DATE         PIC 9(8).
           05  STATUS-CODE           PIC X(2).
           05  RISK-SCORE            PIC S9(3) COMP-3.
           05  SEGMENT               PIC X(4).
           05  OFFICER-ID            PIC 9(6).
           05  MONTHLY.
               10  M-DEPOSITS        PIC S9(9)V99 COMP-3.
               10  M-WITHDRAWALS     PIC S9(9)V99 COMP-3.
               10  M-COUNT           PIC S9(4) COMP.
               10  M-AVG-BALANCE     PIC S9(11)V99 COMP-3.
           05  TAX-ID                PIC X(11).
           05  BIRTH-YEAR            PIC 9(4).
           05  OVERDRAFT-FLAG        PIC X.
           05  OVERDRAFT-LIMIT       PIC S9(7)V99 COMP-3.
           05  CURRENCY              PIC X(3).
           05  FX-RATE               PIC S9(5)V9(6) COMP-3.
           05  LOYALTY-POINTS        PIC S9(9) COMP.
           05  LOYALTY-TIER          PIC X(8).
           05  SEQ-NO                PIC S9(18) COMP.
           05  BATCH-NO              PIC 9(4) COMP-5.
           05  ADJUSTMENT            PIC S9(7)V99 SIGN LEADING SEPARATE.
           05  NOTE                  PIC X(25).
           05  REGION-CODE           PIC 9(3).
           05  CHANNEL               PIC X(6).
           05  PRODUCT-CODE          PIC X(10).
           05  TERM-MONTHS           PIC 9(3) COMP-3.
           05  MATURITY-DATE         PIC 9(8).
           05  PENALTY               PIC S9(5)V99 COMP-3.
           05  CHECKSUM              PIC S9(9) COMP-5.
           05  AUDIT-USER            PIC X(8).
           05  AUDIT-TS              PIC 9(14).
           05  VERSION               PIC 9(2).
           05  FILLER                PIC X(6).
"""

CITIES = ["NEW YORK", "CHICAGO", "SAN JOSE", "AUSTIN", "BOSTON", "DENVER"]


def _zoned(value: int, digits: int, signed: bool) -> bytes:
    body = bytearray(0xF0 + int(d) for d in str(abs(value)).zfill(digits))
    if signed:
        body[-1] = (0xD0 if value < 0 else 0xC0) | (body[-1] & 0x0F)
    return bytes(body)


def _separate_leading(value: int, digits: int) -> bytes:
    sign = b"\x60" if value < 0 else b"\x4e"
    return sign + bytes(0xF0 + int(d) for d in str(abs(value)).zfill(digits))


def _packed(value: int, digits: int, signed: bool) -> bytes:
    size = digits // 2 + 1
    sign = (0xD if value < 0 else 0xC) if signed else 0xF
    nibbles = [int(d) for d in str(abs(value)).zfill(2 * size - 1)] + [sign]
    return bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def _value(rng: random.Random, column) -> bytes:
    element = column.element
    if element.kind == "text":
        word = (
            rng.choice(CITIES)
            if "CITY" in column.name
            else f"{column.field[:6]}{rng.randint(0, 999)}"
        )
        return word[: element.length].ljust(element.length).encode("cp037")
    limit = 10 ** min(element.digits, 18) - 1
    value = rng.randint(-limit if element.signed else 0, limit)
    if element.kind == "zoned" and element.sign_separate:
        return _separate_leading(value, element.digits)
    if element.kind == "zoned":
        return _zoned(value, element.digits, element.signed)
    if element.kind == "packed":
        return _packed(value, element.digits, element.signed)
    if element.usage == "COMP-5":
        bits = 8 * element.length
        low, high = (
            (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if element.signed else (0, 2**bits - 1)
        )
        value = rng.randint(low, high)
    return value.to_bytes(element.length, "big", signed=element.signed)


def _record(rng: random.Random, layout) -> bytes:
    record = bytearray(b"\x40" * layout.record_length)
    for column in layout.columns:
        encoded = _value(rng, column)
        record[column.offset : column.offset + len(encoded)] = encoded
    return bytes(record)


def _stamp_unique(chunk: np.ndarray, layout, first: int) -> None:
    """Give every record its own ACCOUNT-ID (zoned) and SEQ-NO (binary), as real files have."""
    ids = np.arange(first, first + len(chunk), dtype=np.int64)
    account = layout.column("BENCH-REC.ACCOUNT-ID")
    for position in range(account.element.length):
        power = 10 ** (account.element.length - 1 - position)
        chunk[:, account.offset + position] = 0xF0 + (ids // power) % 10
    seq = layout.column("BENCH-REC.SEQ-NO")
    chunk[:, seq.offset : seq.offset + 8] = (ids * 7919).astype(">i8").view(np.uint8).reshape(-1, 8)


def generate(path: Path, megabytes: float, seed: int = 7, pool_size: int = 20_000) -> int:
    layout = parse_copybook(COPYBOOK)
    rng = random.Random(seed)
    encoded = b"".join(_record(rng, layout) for _ in range(pool_size))
    pool = np.frombuffer(encoded, dtype=np.uint8).reshape(pool_size, layout.record_length)
    total = int(megabytes * 1_000_000) // layout.record_length
    picker = np.random.default_rng(seed)
    with path.open("wb") as handle:
        for start in range(0, total, 50_000):
            chunk = pool[picker.integers(0, pool_size, size=min(50_000, total - start))]
            _stamp_unique(chunk, layout, start)
            handle.write(chunk.tobytes())
    return total


def peak_rss_mb() -> float:
    """This process's own peak resident memory.

    Linux's `ru_maxrss` keeps the high-water mark across exec, so a child started by a big
    parent (the generator) would report the parent's size; `VmHWM` belongs to the process's
    own address space.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measured(size: int, seconds: float) -> dict[str, object]:
    """Size, time, throughput and this process's peak RSS, as every decode reports them."""
    return {
        "mb": round(size / 1_000_000, 2),
        "seconds": round(seconds, 3),
        "mb_per_s": round(size / 1_000_000 / seconds, 2),
        "peak_rss_mb": peak_rss_mb(),
    }


def decode(data: Path, out_dir: Path) -> dict[str, object]:
    """Decode `data` in this process; report throughput and this process's peak RSS."""
    size = data.stat().st_size
    started = time.perf_counter()
    outcome = parse_copybook_records(data, out_dir, copybook=COPYBOOK)
    seconds = time.perf_counter() - started
    parquet = outcome.tables[0].parquet_path
    return {
        **measured(size, seconds),
        "records": outcome.record_count,
        "record_length": outcome.metadata["record_length"],
        "columns": len(outcome.tables[0].columns),
        "row_groups": outcome.metadata["row_groups"],
        "parquet_mb": round(parquet.stat().st_size / 1_000_000, 2) if parquet else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--keep", type=Path, default=None, help="write the file here instead")
    parser.add_argument("--decode-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.decode_only is not None:
        result = decode(args.decode_only, args.decode_only.parent / "out")
    else:
        with tempfile.TemporaryDirectory(prefix="copybook-bench-") as tmp:
            workdir = args.keep or Path(tmp)
            workdir.mkdir(parents=True, exist_ok=True)
            data = workdir / "bench.dat"
            records = generate(data, args.mb)
            # decode in a fresh process so peak RSS is the decoder's, not the generator's
            child = [sys.executable, __file__, "--decode-only", str(data)]
            done = subprocess.run(child, check=True, capture_output=True, text=True)
            result = json.loads(done.stdout)
            assert result["records"] == records
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
