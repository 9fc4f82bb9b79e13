"""Delayed starts across real processes: a `scheduled` execution survives a SIGKILL of the
`symphainy up` that accepted it and runs once after the restart; two worker processes on one
PostgreSQL start a batch due at one instant exactly once each, woken across processes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from symphainy.runtime import Runtime, SubmitIntent
from symphainy.sdk import HttpSDK
from symphainy.testing import platform_server
from tests.e2e.test_cli import cli
from tests.e2e.test_processes import settings, spawn_worker
from tests.e2e.worker_proc import registry

pytestmark = pytest.mark.slow
T = "tenant-a"
DELAY = 8.0
"""Seconds between submitting and the due time: room for the CLI calls and the kill before it."""


async def test_a_scheduled_execution_survives_sigkill_and_runs_once(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "SYMPHAINY_HOME": str(tmp_path),
        "SYMPHAINY_DATABASE_URL": database_url,
        "COLUMNS": "200",
    }
    with platform_server(tmp_path, env) as (first, url):
        env["SYMPHAINY_EXPERIENCE_URL"] = url
        made = cli(
            "user", "create", "ops@example.com", "--password", "pw 1234567", "--api-key", env=env
        )
        token = re.search(r"SYMPHAINY_TOKEN=(\S+)", made.stdout)
        assert token is not None, made.stdout
        env["SYMPHAINY_TOKEN"] = token.group(1)
        not_before = datetime.fromtimestamp(time.time() + DELAY, UTC)
        params = '{"message": "later"}'
        out = cli(
            "intent",
            "submit",
            "echo",
            "--params",
            params,
            "--not-before",
            not_before.isoformat(),
            env=env,
        )
        found = re.search(r"execution (\w+) accepted", out.stdout)
        assert found is not None, out.stdout
        execution_id = found.group(1)
        shown = cli("execution", "show", execution_id, env=env).stdout
        assert '"status": "scheduled"' in shown
        first.send_signal(signal.SIGKILL)  # before its time: only the store remembers it
        first.wait(timeout=30)
    with platform_server(tmp_path, env) as (_, url):
        env["SYMPHAINY_EXPERIENCE_URL"] = url
        async with HttpSDK(url, env["SYMPHAINY_TOKEN"]) as sdk:
            final = await sdk.wait(execution_id, timeout=60)
            history = await sdk.execution_events(execution_id)
        timeline = cli("execution", "events", execution_id, env=env).stdout
    assert final.status == "completed", final.error
    assert final.result == {"echo": "later"}
    assert final.started_at is not None
    assert final.started_at >= not_before  # never early, though the process restarted
    kinds = [e.kind for e in history.events]
    assert kinds.count("execution.started") == 1
    assert kinds[:3] == ["intent.received", "execution.created", "execution.scheduled"]
    assert "not before" in timeline
    assert "execution.scheduled" in timeline
    assert "execution.completed" in timeline


@pytest.mark.postgres
async def test_two_worker_processes_start_a_due_batch_exactly_once(
    pg_url: str, tmp_path: Path
) -> None:
    # A minute's safety net: only a NOTIFY wake and due-time sleeping start the batch on time.
    procs = [await spawn_worker(pg_url, tmp_path, "--poll", "60") for _ in range(2)]
    log = tmp_path / "runs.log"
    try:
        async with Runtime(settings(pg_url, tmp_path, False), registry()) as client:
            due = time.time() + 3
            subs = await asyncio.gather(
                *(
                    client.submit(SubmitIntent(T, "record", {"log_path": str(log)}, not_before=due))
                    for _ in range(60)
                )
            )
            views = await asyncio.gather(
                *(client.wait(T, s.execution_id, timeout=60) for s in subs)
            )
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        await asyncio.gather(*(p.wait() for p in procs))
    assert all(v.status == "completed" and v.attempt == 1 for v in views)
    starts = [v.started_at.timestamp() for v in views if v.started_at is not None]
    assert len(starts) == len(views)
    assert due <= min(starts)  # measured by the store, not a sleep
    assert max(starts) < due + 2.0
    runs = [line.split() for line in log.read_text().splitlines()]
    per_execution = Counter(execution_id for execution_id, _ in runs)
    assert set(per_execution) == {s.execution_id for s in subs}
    assert max(per_execution.values()) == 1
