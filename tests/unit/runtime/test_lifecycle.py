"""Execution lifecycle on both stores: success, failure, retry, timeout, cancel, sync handlers."""

from __future__ import annotations

import asyncio

import pytest

from symphainy.errors import ExecutionNotFound, IllegalTransition
from symphainy.runtime import Runtime, SubmitIntent
from tests.unit.runtime.intents import GATES

T = "tenant-a"


async def run(rt: Runtime, intent: str, params: dict, **kw):
    sub = await rt.submit(SubmitIntent(T, intent, params, **kw))
    return await rt.wait(T, sub.execution_id, timeout=10)


async def kinds(rt: Runtime, execution_id: str) -> list[str]:
    return [e.kind for e in await rt.events(T, execution_id)]


async def test_completes_with_result_and_ordered_events(runtime: Runtime) -> None:
    view = await run(runtime, "add_one", {"x": 41})
    assert view.status == "completed"
    assert view.result == {"value": 42}
    assert view.attempt == 1
    events = await runtime.events(T, view.execution_id)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert [e.kind for e in events] == [
        "intent.received",
        "execution.created",
        "execution.started",
        "execution.completed",
    ]


async def test_submit_returns_before_the_handler_finishes(runtime: Runtime) -> None:
    # The handler waits for this test's gate (not a sleep a loaded machine could outlast).
    gate = GATES[f"returns-{id(runtime)}"] = asyncio.Event()
    sub = await runtime.submit(SubmitIntent(T, "gated", {"name": f"returns-{id(runtime)}"}))
    assert sub.status == "accepted"
    first = await runtime.get_execution(T, sub.execution_id)
    assert first.status in {"created", "running"}
    gate.set()
    final = await runtime.wait(T, sub.execution_id, timeout=10)
    assert final.status == "completed"


async def test_retries_with_backoff_then_succeeds(runtime: Runtime) -> None:
    view = await run(runtime, "flaky", {"fail_times": 2})
    assert view.status == "completed"
    assert view.result == {"value": 3}
    assert view.attempt == 3
    assert (await kinds(runtime, view.execution_id)).count("execution.retry_scheduled") == 2


async def test_fails_with_typed_error_when_retries_run_out(runtime: Runtime) -> None:
    view = await run(runtime, "flaky", {"fail_times": 5})
    assert view.status == "failed"
    assert view.attempt == 3
    assert view.error is not None
    assert view.error.type.endswith("/handler-failed")
    assert "boom on attempt 3" in view.error.detail


async def test_non_retryable_error_fails_at_once(runtime: Runtime) -> None:
    view = await run(runtime, "refuse", {})
    assert view.status == "failed"
    assert view.attempt == 1
    assert view.error is not None
    assert view.error.type.endswith("/invalid-request")


async def test_timeout_fails_the_execution(runtime: Runtime) -> None:
    view = await run(runtime, "sleep", {"seconds": 5})
    assert view.status == "failed"
    assert view.error is not None
    assert view.error.type.endswith("/execution-timeout")


async def test_result_not_matching_contract_fails(runtime: Runtime) -> None:
    view = await run(runtime, "bad_result", {})
    assert view.status == "failed"
    assert "does not match Value" in view.error.detail


async def test_sync_handler_runs_in_a_thread_and_uses_state(runtime: Runtime) -> None:
    view = await run(runtime, "sync_state", {"x": 7})
    assert view.result == {"value": 70}
    assert await runtime.state.get(T, "execution", view.execution_id, "x") == 7


async def test_cancel_running_execution(runtime: Runtime) -> None:
    sub = await runtime.submit(SubmitIntent(T, "sleep", {"seconds": 0.25}))
    async for event in runtime.follow(T, sub.execution_id):
        if event.kind == "progress":
            break
    await runtime.cancel(T, sub.execution_id)
    final = await runtime.wait(T, sub.execution_id, timeout=5)
    assert final.status == "cancelled"
    assert "execution.cancel_requested" in await kinds(runtime, sub.execution_id)


async def test_cancel_terminal_execution_is_refused(runtime: Runtime) -> None:
    view = await run(runtime, "add_one", {"x": 1})
    with pytest.raises(IllegalTransition):
        await runtime.cancel(T, view.execution_id)
    assert (await runtime.get_execution(T, view.execution_id)).status == "completed"


async def test_progress_events_follow_in_order(runtime: Runtime) -> None:
    sub = await runtime.submit(SubmitIntent(T, "progress", {"x": 5}))
    seen = [e async for e in runtime.follow(T, sub.execution_id)]
    assert [e.seq for e in seen] == list(range(1, len(seen) + 1))
    assert [e.data["percent"] for e in seen if e.kind == "progress"] == [20, 40, 60, 80, 100]
    assert seen[-1].kind == "execution.completed"


async def test_follow_resumes_after_a_given_seq_without_duplicates(runtime: Runtime) -> None:
    view = await run(runtime, "progress", {"x": 3})
    first = await runtime.events(T, view.execution_id)
    rest = [e async for e in runtime.follow(T, view.execution_id, after=3)]
    assert [e.seq for e in rest] == [e.seq for e in first if e.seq > 3]


async def test_many_concurrent_submits_all_complete(runtime: Runtime) -> None:
    subs = await asyncio.gather(
        *(runtime.submit(SubmitIntent(T, "add_one", {"x": i})) for i in range(300))
    )
    views = await asyncio.gather(*(runtime.wait(T, s.execution_id, timeout=30) for s in subs))
    assert sorted(v.result["value"] for v in views) == list(range(1, 301))
    assert len({s.execution_id for s in subs}) == 300
    check = await runtime.wal.verify(T)
    assert check.valid
    assert check.entries_checked == 300 * 4


async def test_suspend_waits_then_resume_completes(runtime: Runtime) -> None:
    sub = await runtime.submit(SubmitIntent(T, "approval", {}))
    async for event in runtime.follow(T, sub.execution_id):
        if event.kind == "execution.waiting":
            assert event.data["reason"] == {"waiting_for": "approval"}
            break
    assert (await runtime.get_execution(T, sub.execution_id)).status == "waiting"
    with pytest.raises(ExecutionNotFound):
        await runtime.resume(T, "missing")
    await runtime.state.set(T, "execution", sub.execution_id, "approved", True)
    await runtime.resume(T, sub.execution_id)
    final = await runtime.wait(T, sub.execution_id, timeout=10)
    assert final.status == "completed"
    assert final.result == {"value": 1}  # the resumed run keeps its attempt number
    kinds = await kinds_of(runtime, sub.execution_id)
    assert kinds.count("execution.started") == 2
    assert "execution.resumed" in kinds
    with pytest.raises(IllegalTransition):
        await runtime.resume(T, sub.execution_id)


async def kinds_of(rt: Runtime, execution_id: str) -> list[str]:
    return [e.kind for e in await rt.events(T, execution_id)]
