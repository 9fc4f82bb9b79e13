"""Real processes: SIGKILL mid-execution is recovered; two workers never run one execution twice."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.runtime import Runtime, SubmitIntent
from tests.e2e.worker_proc import LEASE_SECONDS, registry

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
T = "tenant-a"


async def spawn_worker(database_url: str, home: Path, *args: str) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e.worker_proc",
        database_url,
        str(home),
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 30)
    assert line.strip() == b"ready"
    return proc


def settings(database_url: str, home: Path, workers: bool) -> Settings:
    return Settings(
        home=home,
        database_url=database_url,
        workers_enabled=workers,
        lease_seconds=LEASE_SECONDS,
        poll_seconds=0.05,
    )


async def wait_for_file(path: Path, timeout: float = 20) -> None:
    async with asyncio.timeout(timeout):
        while not path.exists():
            await asyncio.sleep(0.02)


async def test_sigkill_mid_execution_is_recovered(database_url: str, tmp_path: Path) -> None:
    proc = await spawn_worker(database_url, tmp_path)
    try:
        async with Runtime(settings(database_url, tmp_path, False), registry()) as client:
            sub = await client.submit(
                SubmitIntent(T, "slow_marker", {"seconds": 60, "marker_dir": str(tmp_path)})
            )
            await wait_for_file(tmp_path / f"{sub.execution_id}.1")
            running = await client.get_execution(T, sub.execution_id)
            assert running.status == "running"
    finally:
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    async with Runtime(settings(database_url, tmp_path, True), registry()) as recovery:
        final = await recovery.wait(T, sub.execution_id, timeout=30)
        kinds = [e.kind for e in await recovery.events(T, sub.execution_id)]
    assert final.status == "completed"
    assert final.attempt == 2
    assert final.result["pid"] != proc.pid
    assert kinds.count("execution.started") == 2
    assert "execution.lease_expired" in kinds


async def test_sigkill_mid_journey_resumes_without_rerunning_steps(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "record.log"
    params = {"log_path": str(log), "marker_dir": str(tmp_path)}
    proc = await spawn_worker(database_url, tmp_path)
    try:
        async with Runtime(settings(database_url, tmp_path, False), registry()) as client:
            sub = await client.submit(
                SubmitIntent(
                    T,
                    "compose_journey",
                    {"journey_id": "crashy", "journey_params": params},
                    user_id="u1",
                )
            )
            async with asyncio.timeout(20):
                while not list(tmp_path.glob("*.1")):  # the second step is sleeping
                    await asyncio.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    async with Runtime(settings(database_url, tmp_path, True), registry()) as recovery:
        final = await recovery.wait(T, sub.execution_id, timeout=60)
        rows, _ = await recovery.store.list_executions(T, parent_execution_id=sub.execution_id)
    assert final.status == "completed", final.error
    by_type = Counter(r.intent_type for r in rows)
    assert by_type == {"record": 2, "slow_marker": 1}  # one child per step, none twice
    second = next(r for r in rows if r.intent_type == "slow_marker")
    assert second.attempt == 2  # the killed step ran again; the completed one did not
    lines = log.read_text().splitlines()
    assert len(lines) == 2  # first ran once (before the kill), third once (after)
    assert lines[0].split()[1] == str(proc.pid)
    assert lines[1].split()[1] != str(proc.pid)


@pytest.mark.postgres
async def test_two_worker_processes_never_run_one_execution_twice(
    pg_url: str, tmp_path: Path
) -> None:
    procs = [await spawn_worker(pg_url, tmp_path) for _ in range(2)]
    log = tmp_path / "runs.log"
    try:
        async with Runtime(settings(pg_url, tmp_path, False), registry()) as client:
            subs = await asyncio.gather(
                *(
                    client.submit(SubmitIntent(T, "record", {"log_path": str(log)}))
                    for _ in range(300)
                )
            )
            views = await asyncio.gather(
                *(client.wait(T, s.execution_id, timeout=60) for s in subs)
            )
            verified = await client.wal.verify(T)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        await asyncio.gather(*(p.wait() for p in procs))
    assert all(v.status == "completed" and v.attempt == 1 for v in views)
    runs = [line.split() for line in log.read_text().splitlines()]
    per_execution = Counter(execution_id for execution_id, _ in runs)
    assert set(per_execution) == {s.execution_id for s in subs}
    assert max(per_execution.values()) == 1
    assert {pid for _, pid in runs} == {str(p.pid) for p in procs}
    assert verified.valid
