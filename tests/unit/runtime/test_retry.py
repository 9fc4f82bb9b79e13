"""Retry and rerun on both stores: a journey resumes from its failed step, reusing the rest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from symphainy.contracts import ExecutionView
from symphainy.errors import (
    ExecutionNotFound,
    Forbidden,
    IllegalTransition,
    InvalidParameters,
    SecretsUnavailable,
)
from symphainy.runtime import Runtime
from symphainy.runtime._facade import CallerFacade
from symphainy.security._principal import Principal
from symphainy.testing import local_runtime
from tests.unit.runtime.retry_intents import Calls, retry_registry

T, OTHER = "tenant-r", "tenant-other"


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
async def rt(database_url: str, tmp_path: Path, calls: Calls) -> AsyncIterator[Runtime]:
    async with local_runtime(
        retry_registry(calls),
        database_url=database_url,
        home=tmp_path,
        poll_seconds=0.05,
        max_bulk_retry=3,
    ) as runtime:
        yield runtime


def member(rt: Runtime, tenant: str = T) -> CallerFacade:
    return rt.for_caller(Principal(tenant, "u1", ("member",)))


async def failed_journey(caller: CallerFacade, journey_id: str = "resumable") -> ExecutionView:
    sub = await caller.trigger_journey(journey_id, {"x": 1}, await caller.create_session())
    final = await caller.wait(sub.execution_id, timeout=30)
    assert final.status == "failed", final
    return final


async def steps_of(caller: CallerFacade, journey: ExecutionView) -> dict[str, str]:
    assert journey.result is not None
    return {s["step"]: s["execution_id"] for s in journey.result["steps"]}


async def test_journey_retry_resumes_from_the_failed_step(rt: Runtime, calls: Calls) -> None:
    caller = member(rt)
    original = await failed_journey(caller)
    assert calls.count == {"a": 1, "b": 1, "s": 1, "c": 1}
    page = await caller.list_executions(parent_execution_id=original.execution_id)
    first_run = {v.execution_id for v in page.executions}
    calls.failing = False
    retry = await caller.retry_execution(original.execution_id)
    assert retry.retry_of == original.execution_id
    final = await caller.wait(retry.execution_id, timeout=30)
    assert final.status == "completed", final.error
    # a, b and s were reused, not re-run: only the failed step and the one after it ran.
    assert calls.count == {"a": 1, "b": 1, "s": 1, "c": 2, "d": 1}
    steps = await steps_of(caller, final)
    assert {steps["a"], steps["b"], steps["s"]} <= first_run
    assert steps["c"] not in first_run
    # The reused results feed the steps that run: x=1 → a 2 → b 3 → c 4 → d 5.
    assert final.result["steps"][4] | {"execution_id": None} == {
        "step": "d",
        "intent_type": "counted",
        "execution_id": None,
        "status": "completed",
        "result": {"value": 5},
        "signal": None,
    }
    listed = await caller.list_executions(retry_of=original.execution_id)
    assert [v.execution_id for v in listed.executions] == [retry.execution_id]


async def test_rerun_from_a_named_step_reruns_it_and_its_descendants(
    rt: Runtime, calls: Calls
) -> None:
    caller = member(rt)
    original = await failed_journey(caller)
    calls.failing = False
    retry = await caller.retry_execution(original.execution_id, from_step="b")
    final = await caller.wait(retry.execution_id, timeout=30)
    assert final.status == "completed", final.error
    # b and everything after it ran again; a and the side step s (not after b) did not.
    assert calls.count == {"a": 1, "b": 2, "s": 1, "c": 2, "d": 1}


async def test_a_compensated_step_is_run_again(rt: Runtime, calls: Calls) -> None:
    caller = member(rt)
    original = await failed_journey(caller, "undone")
    assert calls.count == {"a": 1, "c": 1, "undo_a": 1}
    calls.failing = False
    retry = await caller.retry_execution(original.execution_id)
    assert (await caller.wait(retry.execution_id, timeout=30)).status == "completed"
    assert calls.count == {"a": 2, "c": 2, "undo_a": 1}


async def test_a_retry_of_a_retry_keeps_reusing_the_first_runs_steps(
    rt: Runtime, calls: Calls
) -> None:
    caller = member(rt)
    original = await failed_journey(caller)
    second = await caller.retry_execution(original.execution_id)
    assert (await caller.wait(second.execution_id, timeout=30)).status == "failed"
    calls.failing = False
    third = await caller.retry_execution(second.execution_id)
    assert (await caller.wait(third.execution_id, timeout=30)).status == "completed"
    assert calls.count == {"a": 1, "b": 1, "s": 1, "c": 3, "d": 1}


async def test_bad_from_step_is_refused_before_anything_is_recorded(rt: Runtime) -> None:
    caller = member(rt)
    original = await failed_journey(caller)
    with pytest.raises(InvalidParameters) as unknown:
        await caller.retry_execution(original.execution_id, from_step="nope")
    assert unknown.value.extra["errors"][0]["loc"] == ["body", "from_step"]
    plain = await caller.invoke_intent("flaky", {"label": "p"}, await caller.create_session())
    assert (await caller.wait(plain.execution_id, timeout=30)).status == "failed"
    with pytest.raises(InvalidParameters):
        await caller.retry_execution(plain.execution_id, from_step="a")
    assert (await caller.list_executions(retry_of=original.execution_id)).total == 0


async def test_only_failed_or_cancelled_executions_are_retried_once(
    rt: Runtime, calls: Calls
) -> None:
    caller = member(rt)
    session = await caller.create_session()
    done = await caller.invoke_intent("counted", {"label": "ok"}, session)
    assert (await caller.wait(done.execution_id, timeout=30)).status == "completed"
    with pytest.raises(IllegalTransition):
        await caller.retry_execution(done.execution_id)
    failed = await caller.invoke_intent("flaky", {"label": "f"}, session)
    await caller.wait(failed.execution_id, timeout=30)
    first = await caller.retry_execution(failed.execution_id)
    with pytest.raises(IllegalTransition) as twice:
        await caller.retry_execution(failed.execution_id)
    assert twice.value.extra["retried_by"] == first.execution_id
    with pytest.raises(ExecutionNotFound):
        await caller.retry_execution("no-such-execution")


async def test_a_cancelled_execution_is_retried(rt: Runtime, calls: Calls) -> None:
    caller = member(rt)
    sub = await caller.trigger_journey("resumable", {"x": 1}, await caller.create_session())
    await caller.cancel(sub.execution_id)
    cancelled = await caller.wait(sub.execution_id, timeout=30)
    assert cancelled.status == "cancelled"
    calls.failing = False
    retry = await caller.retry_execution(sub.execution_id)
    assert (await caller.wait(retry.execution_id, timeout=30)).status == "completed"


async def test_another_tenant_cannot_see_or_retry_an_execution(rt: Runtime) -> None:
    caller = member(rt)
    original = await failed_journey(caller)
    attacker = member(rt, OTHER)
    with pytest.raises(ExecutionNotFound):
        await attacker.retry_execution(original.execution_id)
    assert (await attacker.retry_failed()).matched == 0
    assert (await caller.list_executions(retry_of=original.execution_id)).total == 0
    # An anonymous credential bound to another session of the same tenant is refused too.
    bound = rt.for_caller(Principal(T, None, (), True, session_id="elsewhere"))
    with pytest.raises(Forbidden):
        await bound.retry_execution(original.execution_id)


async def test_secret_parameters_are_not_kept_so_a_retry_is_refused(rt: Runtime) -> None:
    caller = member(rt)
    sub = await caller.invoke_intent(
        "secretive", {"token": "s3cret"}, await caller.create_session()
    )
    assert (await caller.wait(sub.execution_id, timeout=30)).status == "failed"
    with pytest.raises(SecretsUnavailable):
        await caller.retry_execution(sub.execution_id)


async def test_bulk_retry_is_bounded_and_dry_run_submits_nothing(rt: Runtime, calls: Calls) -> None:
    caller = member(rt)
    session = await caller.create_session()
    ids = []
    for i in range(4):
        sub = await caller.invoke_intent("flaky", {"label": f"f{i}"}, session)
        ids.append(sub.execution_id)
        await caller.wait(sub.execution_id, timeout=30)
    other = await caller.invoke_intent("versioned", {"x": "not a number"} | {"x": 1}, session)
    await caller.wait(other.execution_id, timeout=30)
    dry = await caller.retry_failed(intent_type="flaky", dry_run=True)
    assert (dry.dry_run, dry.matched, dry.limit) == (True, 4, 3)  # the Setting caps the batch
    assert [e.retry_of for e in dry.executions] == ids[:3]  # oldest failure first
    assert all(e.execution_id is None for e in dry.executions)
    assert (await caller.list_executions(intent_type="flaky")).total == 4
    assert (await caller.retry_failed(intent_type="flaky", limit=2, dry_run=True)).limit == 2
    future = datetime.now(UTC) + timedelta(hours=1)
    assert (await caller.retry_failed(until=future, dry_run=True)).matched == 4
    assert (await caller.retry_failed(until=future - timedelta(days=1), dry_run=True)).matched == 0
    with pytest.raises(InvalidParameters):  # a time without a zone is ambiguous: refused
        await caller.retry_failed(since=datetime(2020, 1, 1), dry_run=True)
    assert (await caller.retry_failed(intent_type="flaky", since=future, dry_run=True)).matched == 0
    calls.failing = False
    done = await caller.retry_failed(intent_type="flaky")
    assert [e.retry_of for e in done.executions] == ids[:3]
    for e in done.executions:
        assert e.execution_id is not None
        assert e.problem is None
        assert (await caller.wait(e.execution_id, timeout=30)).status == "completed"
    # Those already retried are not selected again; the fourth still is.
    again = await caller.retry_failed(intent_type="flaky", dry_run=True)
    assert [e.retry_of for e in again.executions] == ids[3:]


async def test_bulk_retry_needs_a_member(rt: Runtime) -> None:
    viewer = rt.for_caller(Principal(T, "u2", ("viewer",)))
    with pytest.raises(Forbidden):
        await viewer.retry_failed(dry_run=True)


async def test_a_caller_cannot_plant_reused_steps(rt: Runtime, calls: Calls) -> None:
    caller = member(rt)
    original = await failed_journey(caller)
    page = await caller.list_executions(parent_execution_id=original.execution_id)
    planted = {"reused_steps": {"c": page.executions[0].execution_id}}
    params = {"journey_id": "resumable", "journey_params": {"x": 1}}
    with pytest.raises(InvalidParameters):
        await caller.invoke_intent("compose_journey", params, metadata=planted)
    assert calls.count == {"a": 1, "b": 1, "s": 1, "c": 1}
