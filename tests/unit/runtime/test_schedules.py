"""Schedules through the caller facade on both stores: runs, controls, policies, tenancy."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from symphainy.contracts import ExecutionView
from symphainy.errors import (
    Forbidden,
    IllegalTransition,
    InvalidParameters,
    ScheduleLimitReached,
    ScheduleNotFound,
)
from symphainy.runtime import Runtime
from symphainy.security._principal import Principal

A, B = "tenant-a", "tenant-b"
ALICE = Principal(A, "alice", ("member",))
MALLORY = Principal(B, "mallory", ("member", "admin"))
VIEWER = Principal(A, "vic", ())


async def _runs(rt: Runtime, schedule_id: str, tenant: str = A) -> list[ExecutionView]:
    page = await rt.for_caller(Principal(tenant, "x", ())).list_executions(
        schedule_id=schedule_id, limit=1000
    )
    return sorted(page.executions, key=lambda e: e.scheduled_for or e.created_at)


async def _until(check: Callable[[], Awaitable[bool]], timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.02)


def _seconds(runs: list[ExecutionView]) -> list[float]:
    return [e.scheduled_for.timestamp() for e in runs if e.scheduled_for is not None]


async def test_every_second_fires_once_per_due_second(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    made = await sdk.create_schedule(intent_type="add_one", parameters={"x": 1}, every_seconds=1)

    async def three() -> bool:
        return len(await _runs(runtime, made.schedule_id)) >= 3

    await _until(three)
    await sdk.pause_schedule(made.schedule_id)
    dues = _seconds(await _runs(runtime, made.schedule_id))
    assert dues == sorted(set(dues)), "one run per due time"
    assert all(d == int(d) for d in dues), "due times are whole seconds"
    assert [b - a for a, b in itertools.pairwise(dues)] == [1.0] * (len(dues) - 1)
    done = await sdk.wait((await _runs(runtime, made.schedule_id))[0].execution_id, 10)
    assert done.status == "completed"
    assert done.schedule_id == made.schedule_id
    assert done.result == {"value": 2}


async def test_pause_resume_trigger_delete(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    made = await sdk.create_schedule(
        intent_type="add_one", parameters={"x": 1}, cron="0 0 1 1 *", timezone="Europe/Paris"
    )
    assert made.status == "active"
    assert made.next_due is not None
    paused = await sdk.pause_schedule(made.schedule_id)
    assert paused.status == "paused"
    run = await sdk.trigger_schedule(made.schedule_id)  # runs even while paused
    view = await sdk.wait(run.execution_id, 10)
    assert view.schedule_id == made.schedule_id
    assert view.status == "completed"
    resumed = await sdk.resume_schedule(made.schedule_id)
    assert resumed.status == "active"
    assert resumed.last_execution_id == run.execution_id
    listed = await sdk.list_schedules()
    assert [s.schedule_id for s in listed.schedules] == [made.schedule_id]
    gone = await sdk.delete_schedule(made.schedule_id)
    assert gone.schedule_id == made.schedule_id
    with pytest.raises(ScheduleNotFound):
        await sdk.get_schedule(made.schedule_id)
    assert [e.execution_id for e in await _runs(runtime, made.schedule_id)] == [run.execution_id]
    kinds = [e.kind for e in await runtime.wal.entries(A, 0, 1000)]
    for kind in ("created", "paused", "triggered", "resumed", "deleted"):
        assert f"schedule.{kind}" in kinds


async def test_one_shot_fires_once_and_completes(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    at = datetime.now(UTC) + timedelta(seconds=1)
    made = await sdk.create_schedule(intent_type="add_one", parameters={"x": 4}, at=at)

    async def completed() -> bool:
        return (await sdk.get_schedule(made.schedule_id)).status == "completed"

    await _until(completed)
    runs = await _runs(runtime, made.schedule_id)
    assert len(runs) == 1
    assert runs[0].scheduled_for == at
    with pytest.raises(IllegalTransition):
        await sdk.resume_schedule(made.schedule_id)


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"cron": "61 * * * *", "timezone": "UTC"}, "cron"),
        ({"cron": "0 * * * *", "timezone": "Mars/Olympus"}, "timezone"),
        ({"cron": "0 * * * *"}, "body"),
        ({"every_seconds": 0}, "every_seconds"),
        ({"every_seconds": 1, "at": "2030-01-01T00:00:00Z"}, "body"),
        ({"at": "2001-01-01T00:00:00Z"}, "at"),
        ({"at": "2030-01-01T00:00:00"}, "at"),
    ],
)
async def test_bad_timing_is_422_naming_the_field(
    runtime: Runtime, fields: dict[str, object], loc: str
) -> None:
    sdk = runtime.for_caller(ALICE)
    with pytest.raises(InvalidParameters) as info:
        await sdk.create_schedule(intent_type="add_one", parameters={"x": 1}, **fields)  # type: ignore[arg-type]
    locs = [e["loc"] for e in info.value.extra["errors"]]  # type: ignore[union-attr]
    assert any(loc in (lc[-1] if lc[-1] != "body" else "body") or loc in lc for lc in locs), locs
    assert (await sdk.list_schedules()).total == 0


async def test_bad_parameters_and_unknown_targets_are_refused_at_create(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    with pytest.raises(InvalidParameters) as info:
        await sdk.create_schedule(intent_type="add_one", parameters={"x": "seven"}, every_seconds=5)
    assert info.value.extra["errors"][0]["loc"] == ["parameters", "x"]  # type: ignore[index]
    with pytest.raises(Exception, match="intent") as unknown:
        await sdk.create_schedule(intent_type="nope", every_seconds=5)
    assert unknown.value.status == 404  # type: ignore[attr-defined]


async def test_a_viewer_cannot_schedule(runtime: Runtime) -> None:
    with pytest.raises(Forbidden):
        await runtime.for_caller(VIEWER).create_schedule(
            intent_type="add_one", parameters={"x": 1}, every_seconds=60
        )


async def test_cross_tenant_attack(runtime: Runtime) -> None:
    mine = await runtime.for_caller(ALICE).create_schedule(
        intent_type="add_one", parameters={"x": 1}, every_seconds=3600
    )
    evil = runtime.for_caller(MALLORY)
    for op in (
        evil.get_schedule,
        evil.pause_schedule,
        evil.resume_schedule,
        evil.trigger_schedule,
        evil.delete_schedule,
    ):
        with pytest.raises(ScheduleNotFound):
            await op(mine.schedule_id)
    assert (await evil.list_schedules()).total == 0
    assert (await evil.list_executions(schedule_id=mine.schedule_id)).total == 0
    still = await runtime.for_caller(ALICE).get_schedule(mine.schedule_id)
    assert still.status == "active"
    assert still.last_execution_id is None


async def test_overlap_skip_drops_due_times_while_a_run_is_unfinished(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    made = await sdk.create_schedule(intent_type="approval", every_seconds=1, overlap="skip")

    async def skipped_some() -> bool:
        view = await sdk.get_schedule(made.schedule_id)
        return (
            view.last_due is not None
            and view.next_due is not None
            and (view.next_due.timestamp() - view.last_due.timestamp() >= 3)
        )

    await _until(skipped_some)
    runs = await _runs(runtime, made.schedule_id)
    assert len(runs) == 1
    assert runs[0].status == "waiting"
    skipped = [
        e
        for e in await runtime.wal.entries(A, 0, 1000)
        if e.kind == "schedule.fired" and e.payload["skipped"]
    ]
    assert skipped


async def test_overlap_buffer_one_holds_one_run_until_the_previous_ends(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    made = await sdk.create_schedule(intent_type="approval", every_seconds=1, overlap="buffer_one")

    async def buffered() -> bool:
        view = await sdk.get_schedule(made.schedule_id)
        return (
            view.buffered_due is not None
            and view.next_due is not None
            and (view.next_due.timestamp() - view.buffered_due.timestamp() >= 3)
        )

    await _until(buffered)
    held = (await sdk.get_schedule(made.schedule_id)).buffered_due
    first = await _runs(runtime, made.schedule_id)
    assert len(first) == 1
    await sdk.pause_schedule(made.schedule_id)  # no new due times; the buffered one stays
    await sdk.cancel(first[0].execution_id)
    await sdk.resume_schedule(made.schedule_id)

    async def second() -> bool:
        return len(await _runs(runtime, made.schedule_id)) >= 2

    await _until(second)
    assert (await _runs(runtime, made.schedule_id))[1].scheduled_for == held


async def test_overlap_allow_runs_alongside(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    made = await sdk.create_schedule(intent_type="approval", every_seconds=1, overlap="allow")

    async def three_waiting() -> bool:
        runs = await _runs(runtime, made.schedule_id)
        return sum(r.status == "waiting" for r in runs) >= 3

    await _until(three_waiting)
    await sdk.pause_schedule(made.schedule_id)


async def test_schedule_limit_per_tenant(database_url: str, tmp_path) -> None:
    from symphainy.testing import local_runtime
    from tests.unit.runtime.intents import build_registry

    async with local_runtime(
        build_registry(), database_url=database_url, home=tmp_path, schedules_per_tenant=2
    ) as rt:
        sdk = rt.for_caller(ALICE)
        for _ in range(2):
            await sdk.create_schedule(
                intent_type="add_one", parameters={"x": 1}, every_seconds=3600
            )
        with pytest.raises(ScheduleLimitReached):
            await sdk.create_schedule(
                intent_type="add_one", parameters={"x": 1}, every_seconds=3600
            )
        await rt.for_caller(MALLORY).create_schedule(
            intent_type="add_one", parameters={"x": 1}, every_seconds=3600
        )
