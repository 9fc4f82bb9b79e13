"""Real processes: a schedule fires once per due second across a crash and restart of its
runtime process, and with two runtime processes on one PostgreSQL (no due time twice)."""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from symphainy.runtime import Runtime
from symphainy.security._principal import Principal
from tests.e2e.test_processes import settings, spawn_worker
from tests.e2e.worker_proc import registry

pytestmark = pytest.mark.slow
ALICE = Principal("tenant-a", "alice", ("member",))


async def _dues(client: Runtime, schedule_id: str) -> list[float]:
    page = await client.for_caller(ALICE).list_executions(schedule_id=schedule_id, limit=1000)
    return sorted(e.scheduled_for.timestamp() for e in page.executions if e.scheduled_for)


async def _until_dues(client: Runtime, schedule_id: str, past: float) -> list[float]:
    async with asyncio.timeout(60):
        while not (dues := await _dues(client, schedule_id)) or dues[-1] < past:
            await asyncio.sleep(0.05)
    return dues


async def _fired_dues(client: Runtime) -> Counter[tuple[str, float]]:
    fired: Counter[tuple[str, float]] = Counter()
    after = 0
    while entries := await client.wal.entries("tenant-a", after, 1000):
        after = entries[-1].seq
        for e in entries:
            if e.kind == "schedule.fired":
                fired.update((e.payload["schedule_id"], run["due"]) for run in e.payload["runs"])
    return fired


async def _create(client: Runtime, log: Path, catchup: str) -> str:
    made = await client.for_caller(ALICE).create_schedule(
        intent_type="record",
        parameters={"log_path": str(log)},
        every_seconds=1,
        overlap="allow",
        catchup=catchup,  # type: ignore[arg-type]
    )
    return made.schedule_id


@pytest.mark.parametrize("catchup", ["all", "latest"])
async def test_every_second_across_a_sigkill_and_restart(
    database_url: str, tmp_path: Path, catchup: str
) -> None:
    log = tmp_path / "runs.log"
    proc = await spawn_worker(database_url, tmp_path)
    async with Runtime(settings(database_url, tmp_path, False), registry()) as client:
        try:
            sid = await _create(client, log, catchup)
            before = await _until_dues(client, sid, time.time() + 2)
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            killed = time.time()
            while time.time() < killed + 4:  # let at least three due times pass unattended
                await asyncio.sleep(0.1)
            proc = await spawn_worker(database_url, tmp_path)
            dues = await _until_dues(client, sid, time.time() + 2)
        finally:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
        fired = await _fired_dues(client)
    assert len(dues) == len(set(dues)), "one run per due time"
    assert max(fired.values()) == 1, "no due time fired twice"
    assert dues[: len(before)] == before
    gaps = [b - a for a, b in itertools.pairwise(dues) if b - a != 1.0]
    if catchup == "all":
        assert gaps == [], "every missed second was made up"
    else:
        assert len(gaps) <= 1, "at most the downtime is a gap"
        assert all(g < 4 + 20 for g in gaps)
    runs = log.read_text().split()
    assert len(runs) // 2 >= len(dues) - 1  # each run recorded once it ran


@pytest.mark.postgres
async def test_two_runtime_processes_fire_each_due_second_once(pg_url: str, tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    procs = [await spawn_worker(pg_url, tmp_path) for _ in range(2)]
    async with Runtime(settings(pg_url, tmp_path, False), registry()) as client:
        try:
            sids = [await _create(client, log, "all") for _ in range(3)]
            dues = [await _until_dues(client, sid, time.time() + 5) for sid in sids]
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            await asyncio.gather(*(p.wait() for p in procs))
        fired = await _fired_dues(client)
    for one in dues:
        assert len(one) == len(set(one))
        assert [b - a for a, b in itertools.pairwise(one)] == [1.0] * (len(one) - 1)
    assert max(fired.values()) == 1, "a due time is fired once per schedule"
