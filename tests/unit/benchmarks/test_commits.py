"""The runtime benchmark's commit figures and the durable floor ratio."""

from __future__ import annotations

import pytest
from benchmarks._commits import commit_figures
from benchmarks.raw_commit import ratios

from symphainy.histogram import Histogram
from symphainy.store import CommitStats
from symphainy.store._commit_stats import BATCH_OPERATIONS, COMMIT_SECONDS


def stats(groups: int, commit_s: float, transaction_s: float) -> CommitStats:
    def hist(bounds: tuple[float, ...], total: float) -> Histogram:
        return Histogram(bounds, [0] * len(bounds), groups, total)

    return CommitStats(
        0,
        hist(COMMIT_SECONDS, transaction_s),
        hist(COMMIT_SECONDS, commit_s),
        hist(BATCH_OPERATIONS, float(groups)),
    )


def test_figures_are_the_difference_between_the_two_snapshots() -> None:
    before, after = stats(10, 0.005, 0.009), stats(1010, 0.505, 0.909)
    got = commit_figures(before, after, 500, 1.25)
    assert got == {
        "commits_per_intent": 2.0,
        "commit_mean_ms": 0.5,
        "transaction_mean_ms": 0.9,
        "commit_share_of_wall": 0.4,
    }


def test_a_run_that_committed_nothing_is_an_error() -> None:
    same = stats(3, 0.1, 0.2)
    with pytest.raises(ValueError, match="committed nothing"):
        commit_figures(same, same, 10, 1.0)


def test_the_durable_floor_is_commits_per_intent_times_the_commit_over_the_raw_commit() -> None:
    engine = {
        "latency": {"p50_ms": 2.0, "commits_per_intent": 2.0, "commit_mean_ms": 0.5},
        "throughput": {"intents_per_s": 1000.0},
    }
    raw = {"commits_per_s": 4000.0, "p50_ms": 0.25}
    assert ratios(engine, raw) == {
        "throughput_vs_raw_commit_rate": 0.25,
        "p50_vs_raw_commit_p50": 8.0,
        "commit_vs_raw_commit_p50": 2.0,
        "durable_floor_vs_raw_commit_p50": 4.0,
    }
