"""scripts/e2e_path.py against real processes: the backend critical path, on both stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
STEPS = [
    "start processes",
    "register user",
    "anonymous session",
    "upgrade session",
    "upload + ingest file",
    "save file",
    "parse, follow stream",
    "resolve artifact + lineage",
    "trigger journey",
    "verify WAL chain",
]


def walk(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "steps.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "e2e_path.py"),
            "--home",
            str(tmp_path / "home"),
            "--json",
            str(out),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(done.stdout)
    logs = "\n".join(p.read_text() for p in (tmp_path / "home" / "logs").glob("*.log"))
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{logs}"
    for number, step in enumerate(STEPS, 1):
        assert f"[{number:>2}] {step}" in done.stdout, done.stdout
    report = json.loads(out.read_text())
    assert [s["step"] for s in report["steps"]] == STEPS
    assert all(s["seconds"] > 0 for s in report["steps"])
    return report


@pytest.mark.timeout(300)
def test_e2e_path_on_the_embedded_store(tmp_path: Path) -> None:
    report = walk(tmp_path)
    assert report["database"] == "sqlite"
    assert report["steps"][0]["detail"].startswith("2 processes: runtime-1, experience-1")
    # The runtime process runs the workers itself on the embedded store.
    [worker_id] = report["facts"]["parse_workers"]
    assert int(worker_id.rsplit(":", 2)[1]) == report["facts"]["pids"]["runtime-1"]


@pytest.mark.postgres
@pytest.mark.timeout(300)
def test_e2e_path_on_postgres_with_two_runtimes_and_two_workers(
    pg_url: str, tmp_path: Path
) -> None:
    report = walk(tmp_path, "--database-url", pg_url, "--runtimes", "2", "--workers", "2")
    assert report["database"] == "postgresql"
    started = report["steps"][0]["detail"]
    for name in ("runtime-1", "runtime-2", "worker-1", "worker-2", "experience-1", "experience-2"):
        assert name in started
    # The parse ran in one of the worker processes (the runtime API processes run none).
    facts = report["facts"]
    [worker_id] = facts["parse_workers"]
    worker_pids = {facts["pids"]["worker-1"], facts["pids"]["worker-2"]}
    assert int(worker_id.rsplit(":", 2)[1]) in worker_pids, (worker_id, facts["pids"])
    journey_pids = {int(w.rsplit(":", 2)[1]) for w in facts["journey_workers"]}
    assert journey_pids, facts
    assert journey_pids <= worker_pids, (facts["journey_workers"], facts["pids"])
