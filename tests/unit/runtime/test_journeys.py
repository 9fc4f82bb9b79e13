"""The journey engine on both stores: sequence, parallel DAG, compensation, approval, cancel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.contracts import ExecutionView
from symphainy.errors import (
    ConfigurationError,
    IllegalTransition,
    InvalidParameters,
    InvalidRequest,
    JourneyNotFound,
)
from symphainy.runtime import Journey, Runtime, Step, SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.runtime.journey_intents import journey_registry

T = "tenant-j"


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(
        journey_registry(),
        database_url=database_url,
        home=tmp_path,
        poll_seconds=0.05,
        lease_seconds=10.0,
    ) as runtime:
        yield runtime


async def start(rt: Runtime, journey_id: str, params: dict | None = None, t: str = T) -> str:
    sub = await rt.submit(
        SubmitIntent(
            t,
            "compose_journey",
            {"journey_id": journey_id, "journey_params": params or {}},
            user_id="u1",
        )
    )
    return sub.execution_id


async def children(rt: Runtime, parent: str) -> list[ExecutionView]:
    rows, _ = await rt.store.list_executions(T, parent_execution_id=parent, limit=100)
    return [await rt.get_execution(T, r.execution_id) for r in rows]


async def test_sequential_journey_maps_results_between_steps(rt: Runtime) -> None:
    parent = await start(rt, "chain", {"x": 10})
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "completed", final.error
    steps = {s["step"]: s for s in final.result["steps"]}
    assert [steps[n]["result"]["value"] for n in "abc"] == [11, 12, 13]
    kids = await children(rt, parent)
    assert sorted(k.parameters["x"] for k in kids) == [10, 11, 12]
    assert {k.parent_execution_id for k in kids} == {parent}
    # Every step is its own execution with its own WAL entries.
    for kid in kids:
        kinds = [e.kind for e in await rt.events(T, kid.execution_id)]
        assert kinds[0] == "intent.received"
        assert kinds[-1] == "execution.completed"
    events = await rt.events(T, parent)
    steps_done = [
        e.data["step"]
        for e in events
        if e.kind == "journey.step" and e.data["status"] == "completed"
    ]
    assert steps_done == ["a", "b", "c"]


async def test_parallel_steps_overlap_and_join(rt: Runtime) -> None:
    parent = await start(rt, "diamond", {"x": 1})
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "completed", final.error
    steps = {s["step"]: s for s in final.result["steps"]}
    assert steps["d"]["result"] == {"value": 2 + 1 + 1 + 100}  # a = x+1, b = c = 1
    kids = await children(rt, parent)
    b, c = (k for k in kids if k.intent_type == "sleep")
    d = next(k for k in kids if k.intent_type == "total")
    assert b.started_at
    assert c.started_at
    assert b.completed_at
    assert c.completed_at
    assert d.started_at
    # b and c were both started before either finished, and d only after both.
    assert max(b.started_at, c.started_at) <= min(b.completed_at, c.completed_at)
    assert d.started_at >= max(b.completed_at, c.completed_at)


async def test_failed_step_compensates_completed_steps_in_reverse(rt: Runtime) -> None:
    parent = await start(rt, "doomed")
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "failed"
    assert final.error is not None
    problem = final.error.model_dump()
    assert problem["type"].endswith("/journey-step-failed")
    assert problem["step"] == "third"
    assert problem["compensated"] == ["second", "first"]
    assert problem["step_error"]["type"].endswith("/invalid-request")
    kids = await children(rt, parent)
    failing = next(k for k in kids if k.intent_type == "always_fails")
    assert failing.status == "failed"
    assert failing.attempt == 1
    undos = sorted((k for k in kids if k.intent_type == "undo"), key=lambda k: k.completed_at)
    assert [u.result["undone"] for u in undos] == ["second", "first"]
    assert all(u.status == "completed" for u in undos)


async def test_a_compensation_that_cannot_start_fails_the_journey_loudly(rt: Runtime) -> None:
    parent = await start(rt, "badly_undone")
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "failed"
    problem = final.error.model_dump() if final.error else {}
    assert problem["type"].endswith("/journey-step-failed")
    assert problem["step"] == "second"
    assert problem["compensation_failed"] == "first"
    assert problem["compensation_error"]["type"].endswith("/invalid-parameters")
    assert "manual repair" in problem["detail"]


async def test_mapping_error_fails_the_journey_and_compensates(rt: Runtime) -> None:
    parent = await start(rt, "miswired")
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "failed"
    problem = final.error.model_dump() if final.error else {}
    assert problem["step"] == "b"
    assert problem["step_error"]["type"].endswith("/journey-mapping-error")
    assert problem["compensated"] == ["a"]
    # Step b was never started: only a and its compensation ran.
    assert sorted(k.intent_type for k in await children(rt, parent)) == ["add_one", "undo"]


async def waiting_approval(rt: Runtime) -> str:
    for _ in range(200):
        page = await rt.pending.list(T, intent_type="approval", status="pending")
        if page.intents:
            return page.intents[0].intent_id
        await asyncio.sleep(0.05)
    raise AssertionError("no approval request appeared")


async def parked(rt: Runtime, execution_id: str) -> None:
    for _ in range(200):
        if (await rt.get_execution(T, execution_id)).status == "waiting":
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{execution_id} never parked")


async def test_approval_waits_then_approve_resumes(rt: Runtime) -> None:
    parent = await start(rt, "approved")
    approval = await waiting_approval(rt)
    pending = await rt.pending.get(T, approval)
    assert pending.context["title"] == "Go on?"
    assert pending.context["details"] == {"value": 2}
    await parked(rt, parent)  # the journey waits while the approval is open
    decided = await rt.pending.decide(T, approval, approve=True, decided_by="boss", comment="ok")
    assert decided.status == "completed"
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "completed", final.error
    steps = {s["step"]: s for s in final.result["steps"]}
    assert steps["review"]["result"]["decided_by"] == "boss"
    assert steps["after"]["result"] == {"value": 3}
    with pytest.raises(IllegalTransition):  # decided once
        await rt.pending.decide(T, approval, approve=False, decided_by="boss")


async def test_rejection_fails_the_journey_and_compensates(rt: Runtime) -> None:
    parent = await start(rt, "approved")
    approval = await waiting_approval(rt)
    await rt.pending.decide(T, approval, approve=False, decided_by="boss", comment="no")
    final = await rt.wait(T, parent, timeout=20)
    assert final.status == "failed"
    problem = final.error.model_dump() if final.error else {}
    assert problem["step"] == "review"
    assert problem["step_error"]["type"].endswith("/approval-rejected")
    assert problem["compensated"] == ["before"]


async def test_approval_of_another_tenant_is_not_found(rt: Runtime) -> None:
    await start(rt, "approved")
    approval = await waiting_approval(rt)
    from symphainy.errors import PendingIntentNotFound

    with pytest.raises(PendingIntentNotFound):
        await rt.pending.decide("tenant-other", approval, approve=True, decided_by="x")
    assert (await rt.pending.get(T, approval)).status == "pending"


async def test_only_approval_requests_can_be_decided(rt: Runtime) -> None:
    other = await rt.pending.create(T, "add_one", context={})
    with pytest.raises(InvalidRequest):
        await rt.pending.decide(T, other.intent_id, approve=True, decided_by="x")
    assert (await rt.pending.get(T, other.intent_id)).status == "pending"


async def test_cancelling_a_journey_cancels_its_running_steps(rt: Runtime) -> None:
    parent = await start(rt, "slow")
    async with asyncio.timeout(30):
        while not ((kids := await children(rt, parent)) and kids[0].status == "running"):
            await asyncio.sleep(0.02)
    # A journey waiting on a step parks (no worker slot held) and says so in its history.
    await parked(rt, parent)
    assert "execution.waiting" in [e.kind for e in await rt.events(T, parent)]
    await rt.cancel(T, parent)
    final = await rt.wait(T, parent, timeout=10)
    assert final.status == "cancelled"
    kid = (await children(rt, parent))[0]
    assert (await rt.wait(T, kid.execution_id, timeout=10)).status == "cancelled"


async def test_unknown_journey_and_bad_input_are_refused_at_submit(rt: Runtime) -> None:
    with pytest.raises(JourneyNotFound):
        await start(rt, "no_such_journey")
    with pytest.raises(InvalidParameters):
        await start(rt, "chain", {"x": "not a number"})
    rows, total = await rt.store.list_executions(T)
    assert total == 0
    assert rows == []


async def test_approval_wait_survives_a_restart(database_url: str, tmp_path: Path) -> None:
    settings = {"poll_seconds": 0.05, "lease_seconds": 10.0}
    async with local_runtime(
        journey_registry(), database_url=database_url, home=tmp_path, **settings
    ) as first:
        parent = await start(first, "approved")
        approval = await waiting_approval(first)
        await parked(first, parent)
    cfg = Settings(home=tmp_path, database_url=database_url, **settings)
    async with Runtime(cfg, journey_registry()) as second:
        assert (await second.get_execution(T, parent)).status == "waiting"  # still parked
        await second.pending.decide(T, approval, approve=True, decided_by="boss")
        final = await second.wait(T, parent, timeout=20)
    assert final.status == "completed", final.error
    names = [s["step"] for s in final.result["steps"]]
    assert names == ["before", "review", "after"]


def test_journey_definitions_are_checked() -> None:
    with pytest.raises(ConfigurationError, match="cycle"):
        Journey("loop", "", (Step("a", "x", after=("b",)), Step("b", "x", after=("a",)))).check()
    with pytest.raises(ConfigurationError, match="unknown 'z'"):
        Journey("dangling", "", (Step("a", "x", after=("z",)),)).check()
    with pytest.raises(ConfigurationError, match="not an earlier step"):
        Journey(
            "peek", "", (Step("a", "x"), Step("b", "x", {"v": "$steps.c.result"}), Step("c", "x"))
        ).check()
    with pytest.raises(ConfigurationError, match="unique"):
        Journey("twice", "", (Step("a", "x"), Step("a", "x"))).check()
    reg = journey_registry()
    reg.register_journey(Journey("ghost", "", (Step("a", "no_such_intent"),)))
    with pytest.raises(ConfigurationError, match="no_such_intent"):
        reg.check()


async def test_many_concurrent_journeys_with_approvals_all_finish(rt: Runtime) -> None:
    ids = []
    for i in range(20):
        journey, params = ("approved", {}) if i % 2 else ("diamond", {"x": i})
        ids.append(await start(rt, journey, params))
    async with asyncio.timeout(60):
        while True:
            page = await rt.pending.list(T, intent_type="approval", status="pending")
            for pending in page.intents:
                await rt.pending.decide(T, pending.intent_id, approve=True, decided_by="x")
            views = [await rt.get_execution(T, e) for e in ids]
            if all(v.status == "completed" for v in views):
                break
            assert not [v for v in views if v.status in ("failed", "cancelled")]
            await asyncio.sleep(0.05)
    totals = [v.result["steps"][3]["result"]["value"] for v in views if len(v.result["steps"]) == 4]
    assert sorted(totals) == sorted(i + 1 + 1 + 1 + 100 for i in range(0, 20, 2))


async def test_a_journey_cancelled_while_it_runs_does_not_park(rt: Runtime) -> None:
    # Cancel the parent at once: whether it is still running, parking or parked, it must end
    # cancelled (never failed, never waiting forever) and take its step with it.
    parent = await start(rt, "slow")
    await rt.cancel(T, parent)
    final = await rt.wait(T, parent, timeout=30)
    assert final.status == "cancelled"
    for kid in await children(rt, parent):
        assert (await rt.wait(T, kid.execution_id, timeout=30)).status == "cancelled"


async def test_a_run_cancelled_elsewhere_starts_no_step_and_ends_cancelled(rt: Runtime) -> None:
    sub = await rt.submit(SubmitIntent(T, "cancelled_elsewhere", {"seconds": 30}))
    final = await rt.wait(T, sub.execution_id, timeout=20)
    assert final.status == "cancelled"
    assert final.error is not None
    assert final.error.type.endswith("/cancelled")
    assert await children(rt, sub.execution_id) == []
