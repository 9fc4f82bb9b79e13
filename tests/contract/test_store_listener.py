"""PostgreSQL notifications between processes survive a dropped LISTEN connection."""

from __future__ import annotations

import asyncio
import logging

import psycopg
import pytest

from symphainy.store import open_store
from tests.contract._store_helpers import new_execution

pytestmark = pytest.mark.postgres


async def test_the_listener_reconnects_and_hears_other_processes_again(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    mine, theirs = open_store(pg_url), open_store(pg_url)
    await mine.open()
    await theirs.open()
    woke, resynced = asyncio.Event(), asyncio.Event()
    mine.on_work(woke.set)
    mine.on_resync(resynced.set)
    try:
        # What a server restart does: the listening connections drop, and for a while new
        # connections are refused, so the first attempts to reconnect fail too.
        database = psycopg.conninfo.conninfo_to_dict(pg_url)["dbname"]
        with psycopg.connect(pg_url, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND query LIKE 'LISTEN%%'",
                (database,),
            ).fetchall()
            assert len(killed) == 2  # one listener per store
            await asyncio.sleep(3.5)  # long enough for two or three failed attempts each
            assert not resynced.is_set()
            _assert_one_traceback_per_outage(caplog.records)
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        async with asyncio.timeout(20):
            await resynced.wait()  # reconnected: told to re-read what it may have missed
        woke.clear()
        await theirs.submit(new_execution(), None, 30.0)  # runnable work, from elsewhere
        async with asyncio.timeout(20):
            await woke.wait()
    finally:
        await theirs.close()
        await mine.close()


def _assert_one_traceback_per_outage(records: list[logging.LogRecord]) -> None:
    # Each listener logs its outage's first failed attempt with a traceback, then one line per
    # attempt: a long outage must not print the same traceback every second.
    failed = [r for r in records if r.getMessage().startswith("LISTEN reconnect")]
    assert len([r for r in failed if r.exc_info]) == 2
    assert len([r for r in failed if not r.exc_info]) >= 2
    assert all(r.levelno == logging.WARNING for r in failed if not r.exc_info)
