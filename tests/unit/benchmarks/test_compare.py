"""`bash scripts/bench.sh --compare`: figures against the previous run, regressions flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks import __main__ as bench
from benchmarks._compare import compare

OLD = {"sqlite": {"throughput": {"intents_per_s": 2000.0}, "latency": {"p50_ms": 1.0, "n": 500}}}


def test_a_slower_rate_and_a_longer_time_are_flagged() -> None:
    new = {
        "sqlite": {"throughput": {"intents_per_s": 1500.0}, "latency": {"p50_ms": 1.5, "n": 500}}
    }
    lines = compare(OLD, new)
    assert lines == [
        "sqlite.throughput.intents_per_s: 2000 → 1500 (x0.75)  REGRESSION",
        "sqlite.latency.p50_ms: 1 → 1.5 (x1.50)  REGRESSION",
    ]


def test_improvements_and_noise_are_not_flagged_and_counts_are_not_judged() -> None:
    new = {"sqlite": {"throughput": {"intents_per_s": 2100.0}, "latency": {"p50_ms": 0.5, "n": 9}}}
    assert compare(OLD, new) == [
        "sqlite.throughput.intents_per_s: 2000 → 2100 (x1.05)",
        "sqlite.latency.p50_ms: 1 → 0.5 (x0.50)",
    ]


def test_more_cpu_per_intent_is_a_regression_and_the_cpu_share_is_not_judged() -> None:
    old = {"throughput": {"cpu_per_intent_us": 400.0, "cpu_share_of_wall": 0.9}}
    new = {"throughput": {"cpu_per_intent_us": 500.0, "cpu_share_of_wall": 1.0}}
    assert compare(old, new) == ["throughput.cpu_per_intent_us: 400 → 500 (x1.25)  REGRESSION"]


def test_figures_missing_from_the_previous_run_are_left_out() -> None:
    assert compare({}, OLD) == []
    assert compare(OLD, {"postgres": "skipped: no server"}) == []


def test_the_command_prints_the_comparison_against_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "runtime.json").write_text(json.dumps(OLD))
    new = {"sqlite": {"throughput": {"intents_per_s": 1000.0}, "latency": {"p50_ms": 1.0}}}
    monkeypatch.setattr(bench, "HERE", tmp_path)
    monkeypatch.setattr(bench, "run", lambda name, module: dict(new))
    assert bench.main(["--compare", "runtime"]) == 0
    out = capsys.readouterr().out
    assert "sqlite.throughput.intents_per_s: 2000 → 1000 (x0.50)  REGRESSION" in out
    assert json.loads((tmp_path / "results" / "runtime.json").read_text()) == new
