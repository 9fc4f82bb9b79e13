"""Pending-intent watchers wake on commits, here and (PostgreSQL) in other processes, not by
polling: every watcher here polls once an hour, so only a wake-up can deliver in time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from symphainy.contracts import PendingIntentPage
from symphainy.runtime import Runtime
from symphainy.runtime._events import EventHub
from symphainy.store._listener import notify_statement, parse_payload
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import build_registry

T = "tenant-watch"
HOUR = 3600.0


def watch(rt: Runtime, status: str = "pending") -> AsyncIterator[PendingIntentPage]:
    return rt.pending.watch(T, intent_type=None, status=status, limit=10, poll=HOUR)


async def next_page(stream: AsyncIterator[PendingIntentPage]) -> PendingIntentPage:
    async with asyncio.timeout(30):
        return await anext(stream)


async def test_a_local_commit_wakes_a_watcher(database_url: str) -> None:
    async with local_runtime(
        build_registry(), database_url=database_url, poll_seconds=HOUR, workers_enabled=False
    ) as rt:
        stream = watch(rt)
        try:
            assert (await next_page(stream)).intents == []
            made = await rt.pending.create(T, "add_one")
            assert [i.intent_id for i in (await next_page(stream)).intents] == [made.intent_id]
            await rt.pending.move(T, made.intent_id, "cancelled")
            assert (await next_page(stream)).intents == []
        finally:
            await stream.aclose()  # type: ignore[attr-defined]


@pytest.mark.postgres
async def test_another_process_on_postgres_wakes_a_watcher(pg_url: str) -> None:
    registry = build_registry()
    async with (
        local_runtime(
            registry, database_url=pg_url, poll_seconds=HOUR, workers_enabled=False
        ) as here,
        local_runtime(build_registry(), database_url=pg_url, workers_enabled=False) as there,
    ):
        stream = watch(here)
        try:
            assert (await next_page(stream)).intents == []
            made = await there.pending.create(T, "add_one")  # its own store, writer, NOTIFY
            assert [i.intent_id for i in (await next_page(stream)).intents] == [made.intent_id]
            await there.pending.move(T, made.intent_id, "claimed")
            assert (await next_page(stream)).intents == []
        finally:
            await stream.aclose()  # type: ignore[attr-defined]


def test_a_resync_and_only_the_tenants_changes_wake_its_watchers() -> None:
    hub = EventHub()
    with hub.watch_pending("a") as a, hub.watch_pending("b") as b:
        hub.pending_changed({"b"})
        assert (a.is_set(), b.is_set()) == (False, True)
        hub.committed({"a"}, set())  # an execution whose id is a tenant's name: not a change
        assert not a.is_set()
        hub.resync()  # notifications may have been lost: everyone re-reads
        assert a.is_set()


def _payloads(statement: tuple[str, dict[str, object]] | None) -> list[str]:
    assert statement is not None
    _, params = statement
    return [str(v) for k, v in params.items() if k.startswith("p")]


def test_notify_payloads_stay_under_the_limit_and_carry_every_entry() -> None:
    ids = {f"{n:032x}" for n in range(600)}
    finished = set(sorted(ids)[:10])
    tenants = {f"tenant,{n}" + "é" * 100 for n in range(40)}  # a comma, multi-byte text
    payloads = _payloads(notify_statement(False, ids, finished, tenants))
    assert len(payloads) > 1
    assert all(len(p.encode()) < 8000 for p in payloads)
    said = [parse_payload(p) for p in payloads]
    assert set().union(*(s.touched for s in said)) == ids
    assert set().union(*(s.finished for s in said)) == finished
    assert set().union(*(s.pending_tenants for s in said)) == tenants


def test_an_old_payload_reads_as_before_and_a_pending_one_names_no_execution() -> None:
    old = parse_payload("a1,!b2")
    assert (old.touched, old.finished, old.pending_tenants) == ({"a1", "b2"}, {"b2"}, set())
    [payload] = _payloads(notify_statement(False, set(), set(), {"t1"}))
    assert payload == "@t1"  # a reader that predates "@" takes it for an unknown execution
    pending = parse_payload(payload)
    assert (pending.touched, pending.pending_tenants) == (set(), {"t1"})
