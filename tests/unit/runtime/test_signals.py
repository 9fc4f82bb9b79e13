"""Signals on both stores: not lost, parked and resumed, timed out, consumed exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.contracts import ExecutionView
from symphainy.errors import (
    AuthenticationRequired,
    ConfigurationError,
    ExecutionFinished,
    ExecutionNotFound,
    Forbidden,
    InvalidParameters,
    PayloadTooLarge,
)
from symphainy.runtime import Journey, Runtime, Step, SubmitIntent
from symphainy.security import Principal
from symphainy.testing import local_runtime
from tests.unit.runtime.signal_intents import signal_registry

T, OTHER = "tenant-s", "tenant-other"
MEMBER = Principal(T, "u1", ("member",))


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(
        signal_registry(), database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as runtime:
        yield runtime


async def submit(rt: Runtime, intent: str, params: dict[str, Any], t: str = T) -> str:
    return (await rt.submit(SubmitIntent(t, intent, params, user_id="u1"))).execution_id


async def until_status(rt: Runtime, execution_id: str, status: str) -> ExecutionView:
    async with asyncio.timeout(20):
        while (view := await rt.get_execution(T, execution_id)).status != status:
            await asyncio.sleep(0.02)
    return view


async def send(rt: Runtime, execution_id: str, name: str, payload: Any = None) -> None:
    await rt.for_caller(MEMBER).signal(execution_id, name, payload)


async def test_wait_parks_as_waiting_and_resumes_on_the_signal(rt: Runtime) -> None:
    eid = await submit(rt, "await_signals", {})
    await until_status(rt, eid, "waiting")
    await send(rt, eid, "go", {"n": 1})
    final = await rt.wait(T, eid, timeout=20)
    assert final.status == "completed", final.error
    assert final.result == {"payloads": [{"n": 1}], "drained": [], "timed_out": False, "runs": 2}
    kinds = [e.kind for e in await rt.events(T, eid)]
    assert kinds.count("signal.received") == kinds.count("signal.consumed") == 1
    assert kinds.index("execution.waiting") < kinds.index("signal.received")


async def test_a_signal_sent_before_the_handler_waits_is_not_lost(
    database_url: str, tmp_path: Path
) -> None:
    reg = signal_registry()
    async with local_runtime(
        reg, database_url=database_url, home=tmp_path, workers_enabled=False
    ) as client:
        eid = await submit(client, "await_signals", {"count": 2})
        await send(client, eid, "go", "early-1")
        await send(client, eid, "go", "early-2")
        assert (await client.get_execution(T, eid)).status == "created"
    async with local_runtime(reg, database_url=database_url, home=tmp_path) as worker:
        final = await worker.wait(T, eid, timeout=20)
        kinds = [e.kind for e in await worker.events(T, eid)]
    assert final.status == "completed", final.error
    assert final.result["payloads"] == ["early-1", "early-2"]
    assert final.result["runs"] == 1
    assert "execution.waiting" not in kinds


async def test_signal_sent_while_parked_on_another_is_kept_for_later(rt: Runtime) -> None:
    eid = await submit(rt, "await_signals", {"drain": "item"})
    await until_status(rt, eid, "waiting")
    for i in range(3):
        await send(rt, eid, "item", i)
    assert (await rt.get_execution(T, eid)).status == "waiting"  # "item" does not wake it
    await send(rt, eid, "go", "now")
    final = await rt.wait(T, eid, timeout=20)
    assert final.result["payloads"] == ["now"]
    assert final.result["drained"] == [0, 1, 2]


async def test_timeout_raises_signal_timeout_the_handler_can_catch(rt: Runtime) -> None:
    eid = await submit(rt, "await_signals", {"timeout": 0.3})
    final = await rt.wait(T, eid, timeout=20)
    assert final.status == "completed", final.error
    assert final.result["timed_out"] is True
    assert final.result["runs"] == 2  # parked once, resumed by the timer
    kinds = [e.kind for e in await rt.events(T, eid)]
    assert "signal.timed_out" in kinds


async def test_an_uncaught_timeout_fails_the_execution_typed(rt: Runtime) -> None:
    eid = await submit(rt, "await_signals", {"timeout": 0.2, "catch_timeout": False})
    final = await rt.wait(T, eid, timeout=20)
    assert final.status == "failed"
    assert final.error is not None
    assert final.error.type.endswith("/signal-timeout")


async def test_concurrent_senders_each_signal_consumed_exactly_once(rt: Runtime) -> None:
    n = 25
    eid = await submit(rt, "await_signals", {"count": n})
    await until_status(rt, eid, "waiting")
    await asyncio.gather(*(send(rt, eid, "go", i) for i in range(n)))
    final = await rt.wait(T, eid, timeout=30)
    assert final.status == "completed", final.error
    assert sorted(final.result["payloads"]) == list(range(n))
    rows = await rt.store.reader.rows(
        "SELECT consumed_by FROM execution_signals WHERE execution_id = :e", {"e": eid}
    )
    consumers = [r[0] for r in rows]
    assert len(consumers) == n
    assert len(set(consumers)) == n
    assert None not in consumers


async def test_finished_unknown_and_foreign_executions_are_refused(rt: Runtime) -> None:
    eid = await submit(rt, "await_signals", {"timeout": 0.0})
    assert (await rt.wait(T, eid, timeout=20)).status == "completed"
    with pytest.raises(ExecutionFinished) as finished:
        await send(rt, eid, "go")
    assert finished.value.status == 409
    assert finished.value.to_problem()["type"].endswith("/execution-finished")
    with pytest.raises(ExecutionNotFound):
        await send(rt, "no-such-execution", "go")
    theirs = await submit(rt, "await_signals", {}, t=OTHER)
    with pytest.raises(ExecutionNotFound):
        await send(rt, theirs, "go", "forged")
    rows = await rt.store.reader.rows(
        "SELECT COUNT(*) FROM execution_signals WHERE execution_id = :e", {"e": theirs}
    )
    assert rows[0][0] == 0


async def test_bad_input_and_roles_are_refused(rt: Runtime) -> None:
    eid = await submit(rt, "await_signals", {})
    me = rt.for_caller(MEMBER)
    for name in ("", "Go", "has space", "x" * 65, "symphainy.approval"):
        with pytest.raises(InvalidParameters):
            await me.signal(eid, name)
    big = "x" * rt.settings.signal_max_payload_bytes
    with pytest.raises(PayloadTooLarge):
        await me.signal(eid, "go", big)
    with pytest.raises(Forbidden):
        await rt.for_caller(Principal(T, "u2", ("viewer",))).signal(eid, "go")
    anon = Principal("anon:s1", None, anonymous=True, session_id="s1")
    with pytest.raises(AuthenticationRequired):
        await rt.for_caller(anon).signal(eid, "go")


async def test_journey_signal_step_waits_then_feeds_the_next_step(rt: Runtime) -> None:
    eid = await submit(
        rt, "compose_journey", {"journey_id": "gated", "journey_params": {"value": 2}}
    )
    async with asyncio.timeout(20):
        while (
            not [e for e in await rt.events(T, eid) if e.kind == "journey.step"]
            or (await rt.get_execution(T, eid)).status != "waiting"
        ):
            await asyncio.sleep(0.02)
    await send(rt, eid, "proceed", {"value": 21})
    final = await rt.wait(T, eid, timeout=20)
    assert final.status == "completed", final.error
    steps = {s["step"]: s for s in final.result["steps"]}
    assert steps["first"]["result"] == {"value": 4}
    assert steps["gate"]["signal"] == "proceed"
    assert steps["gate"]["result"] == {"value": 21}
    assert steps["second"]["result"] == {"value": 42}


async def test_journey_signal_step_times_out_and_fails_naming_it(rt: Runtime) -> None:
    eid = await submit(rt, "compose_journey", {"journey_id": "hurried", "journey_params": {}})
    final = await rt.wait(T, eid, timeout=20)
    assert final.status == "failed"
    assert final.error is not None
    problem = final.error.model_dump()
    assert problem["step"] == "gate"
    assert problem["step_error"]["type"].endswith("/signal-timeout")


@pytest.mark.parametrize(
    "step",
    [
        Step("s", "times_two", signal="go"),
        Step.waiting_for("s", "Bad Name"),
        Step.waiting_for("s", "symphainy.approval"),
        Step.waiting_for("s", "go", timeout_seconds=0),
        Step("s", "times_two", timeout_seconds=3),
    ],
)
def test_bad_signal_steps_are_refused_at_registration(step: Step) -> None:
    reg = signal_registry()
    with pytest.raises(ConfigurationError):
        reg.register_journey(Journey("bad_signal", "x", (step,)))
