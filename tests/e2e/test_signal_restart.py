"""Real processes: a parked signal wait survives SIGKILL of the server that ran it."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from symphainy.runtime import Runtime, SubmitIntent
from symphainy.security import Principal
from tests.e2e.test_processes import settings, spawn_worker
from tests.e2e.worker_proc import registry

pytestmark = pytest.mark.slow
T = "tenant-a"


async def until_status(rt: Runtime, execution_id: str, status: str) -> None:
    async with asyncio.timeout(30):
        while (await rt.get_execution(T, execution_id)).status != status:
            await asyncio.sleep(0.02)


async def test_parked_wait_resumes_on_a_signal_after_the_server_is_killed(
    database_url: str, tmp_path: Path
) -> None:
    first = await spawn_worker(database_url, tmp_path)
    try:
        async with Runtime(settings(database_url, tmp_path, False), registry()) as client:
            sub = await client.submit(SubmitIntent(T, "await_signals", {"count": 2}))
            await until_status(client, sub.execution_id, "waiting")
            first.send_signal(signal.SIGKILL)
            await first.wait()
            sender = client.for_caller(Principal(T, "u1", ("member",)))
            await sender.signal(sub.execution_id, "go", "one")
            await sender.signal(sub.execution_id, "go", "two")
            second = await spawn_worker(database_url, tmp_path)
            try:
                final = await client.wait(T, sub.execution_id, timeout=30)
            finally:
                second.send_signal(signal.SIGTERM)
                await second.wait()
    finally:
        if first.returncode is None:
            first.send_signal(signal.SIGKILL)
            await first.wait()
    assert final.status == "completed", final.error
    assert final.result["payloads"] == ["one", "two"]
    assert final.attempt == 1  # parked and resumed; never re-run as a lost attempt


async def test_a_wait_timeout_fires_in_a_new_server_after_a_kill(
    database_url: str, tmp_path: Path
) -> None:
    first = await spawn_worker(database_url, tmp_path)
    async with Runtime(settings(database_url, tmp_path, False), registry()) as client:
        try:
            sub = await client.submit(SubmitIntent(T, "await_signals", {"timeout": 1.0}))
            await until_status(client, sub.execution_id, "waiting")
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        second = await spawn_worker(database_url, tmp_path)
        try:
            final = await client.wait(T, sub.execution_id, timeout=30)
        finally:
            second.send_signal(signal.SIGTERM)
            await second.wait()
    assert final.status == "completed", final.error
    assert final.result["timed_out"] is True
