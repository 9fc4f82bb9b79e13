"""The machine's own reference: how fast the store commits one durable row, with no runtime.

Every runtime figure is reported beside this, measured in the same run, so a result reads as
"x of what this disk and this database server can do" rather than as a number that means
nothing on another machine. Both use the runtime's own connection settings: SQLite in WAL mode
with synchronous=FULL (`SqliteDialect.connect`), PostgreSQL with synchronous_commit=on.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from symphainy.store._dialect import dialect_for

ROWS = 2000


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def raw_commit(url: str, n: int = ROWS) -> dict[str, Any]:
    """`n` sequential transactions of one INSERT each: commits/s and p50 ms of one commit."""
    dialect = dialect_for(url)
    conn = dialect.connect()
    try:
        if dialect.name == "postgres":
            conn.execute("SET synchronous_commit = on")
        conn.execute("DROP TABLE IF EXISTS bench_raw_commit")
        conn.execute("CREATE TABLE bench_raw_commit (id INTEGER PRIMARY KEY, body TEXT)")
        conn.commit()
        samples = _commits(dialect, conn, n)
        conn.execute("DROP TABLE bench_raw_commit")
        conn.commit()
    finally:
        conn.close()
    total = sum(samples)
    return {
        "n": n,
        "commits_per_s": round(n / total, 1),
        "p50_ms": round(_pct(samples, 0.5), 3),
        "p99_ms": round(_pct(samples, 0.99), 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
    }


def _commits(dialect: Any, conn: Any, n: int) -> list[float]:
    insert = dialect.sql("INSERT INTO bench_raw_commit (id, body) VALUES (:id, :body)")
    body = "x" * 200  # about one execution row's size
    samples = []
    for i in range(n):
        start = time.perf_counter()
        dialect.begin(conn)
        conn.execute(insert, {"id": i, "body": body})
        conn.commit()
        samples.append(time.perf_counter() - start)
    return samples


def ratios(engine: dict[str, Any], raw: dict[str, Any]) -> dict[str, float]:
    """The runtime's figures against the raw commit: throughput share, latency multiple.

    And the floor under the latency: one sequential intent's own durable writes (its commits
    times the mean COMMIT statement, `_commits.py`) as a multiple of the raw commit. An
    intent's commit writes more than the raw one-row commit (its rows, their indexes and the
    WAL entries), so the floor is above one raw commit per group even with no work at all.
    """
    latency = engine["latency"]
    floor = latency["commits_per_intent"] * latency["commit_mean_ms"]
    return {
        "throughput_vs_raw_commit_rate": round(
            engine["throughput"]["intents_per_s"] / raw["commits_per_s"], 3
        ),
        "p50_vs_raw_commit_p50": round(latency["p50_ms"] / raw["p50_ms"], 2),
        "commit_vs_raw_commit_p50": round(latency["commit_mean_ms"] / raw["p50_ms"], 2),
        "durable_floor_vs_raw_commit_p50": round(floor / raw["p50_ms"], 2),
    }


def sqlite_url(home: Path) -> str:
    """A fresh SQLite file in `home`."""
    return f"sqlite:///{home}/raw_commit.db"
