"""Submission rules: validation before anything is written, idempotency, tenancy, sessions."""

from __future__ import annotations

import asyncio

import pytest

from symphainy.errors import (
    ArtifactNotFound,
    ExecutionNotFound,
    Forbidden,
    IntentNotFound,
    InvalidParameters,
    SessionNotFound,
)
from symphainy.runtime import Runtime, SubmitIntent

A, B = "tenant-a", "tenant-b"


async def test_unknown_intent_is_rejected_before_anything_is_written(runtime: Runtime) -> None:
    with pytest.raises(IntentNotFound):
        await runtime.submit(SubmitIntent(A, "no_such_intent", {}))
    assert await runtime.store.wal_head(A) is None


async def test_invalid_parameters_name_the_field_and_write_nothing(runtime: Runtime) -> None:
    with pytest.raises(InvalidParameters) as info:
        await runtime.submit(SubmitIntent(A, "add_one", {"x": "seven"}))
    assert info.value.extra["errors"][0]["loc"] == ["parameters", "x"]
    assert await runtime.store.wal_head(A) is None
    _rows, total = await runtime.store.list_executions(A)
    assert total == 0


async def test_idempotency_key_returns_the_original_execution(runtime: Runtime) -> None:
    first = await runtime.submit(SubmitIntent(A, "add_one", {"x": 1}, idempotency_key="k1"))
    again = await runtime.submit(SubmitIntent(A, "add_one", {"x": 1}, idempotency_key="k1"))
    assert again.execution_id == first.execution_id
    assert (first.deduplicated, again.deduplicated) == (False, True)
    other = await runtime.submit(SubmitIntent(B, "add_one", {"x": 1}, idempotency_key="k1"))
    assert other.execution_id != first.execution_id


async def test_concurrent_idempotent_submits_create_one_execution(runtime: Runtime) -> None:
    subs = await asyncio.gather(
        *(
            runtime.submit(SubmitIntent(A, "add_one", {"x": 1}, idempotency_key="same"))
            for _ in range(40)
        )
    )
    assert len({s.execution_id for s in subs}) == 1
    assert sum(not s.deduplicated for s in subs) == 1
    _, total = await runtime.store.list_executions(A)
    assert total == 1


async def test_anonymous_callers_only_reach_anonymous_ok_intents(runtime: Runtime) -> None:
    ok = await runtime.submit(SubmitIntent(A, "add_one", {"x": 1}, anonymous=True))
    assert (await runtime.wait(A, ok.execution_id, timeout=5)).status == "completed"
    with pytest.raises(Forbidden):
        await runtime.submit(SubmitIntent(A, "progress", {"x": 1}, anonymous=True))


async def test_session_must_exist_in_the_callers_tenant(runtime: Runtime) -> None:
    session = await runtime.create_session(A, user_id="u1")
    with pytest.raises(SessionNotFound):
        await runtime.submit(SubmitIntent(B, "add_one", {"x": 1}, session_id=session.session_id))
    sub = await runtime.submit(SubmitIntent(A, "add_one", {"x": 1}, session_id=session.session_id))
    assert (await runtime.wait(A, sub.execution_id, timeout=5)).session_id == session.session_id


async def test_other_tenants_cannot_see_or_touch_anything(runtime: Runtime) -> None:
    session = await runtime.create_session(A, user_id="u1")
    sub = await runtime.submit(
        SubmitIntent(
            A, "make_lineage", {"parent": "p", "child": "c"}, session_id=session.session_id
        )
    )
    await runtime.wait(A, sub.execution_id, timeout=5)
    child_id = await runtime.state.get(A, "session", session.session_id, "last_child")
    assert isinstance(child_id, str)
    for call in (
        runtime.get_execution(B, sub.execution_id),
        runtime.events(B, sub.execution_id),
        runtime.cancel(B, sub.execution_id),
        runtime.wait(B, sub.execution_id, 1),
    ):
        with pytest.raises(ExecutionNotFound):
            await call
    with pytest.raises(SessionNotFound):
        await runtime.get_session(B, session.session_id)
    with pytest.raises(ArtifactNotFound):
        await runtime.artifacts.resolve(B, child_id)
    with pytest.raises(ArtifactNotFound):
        await runtime.artifacts.transition(B, child_id, "ARCHIVED")
    assert await runtime.state.get(B, "session", session.session_id, "last_child") is None
    assert (await runtime.artifacts.list(B)).total == 0
    assert await runtime.wal.entries(B) == []
    assert (await runtime.artifacts.resolve(A, child_id)).lifecycle_state == "READY"


async def test_a_caller_cancelled_mid_write_still_gets_its_execution_run(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The caller (a client hanging up, a journey being cancelled) goes away after the row is
    # written but before the worker starts it. The row is claimed by this worker: if nothing
    # ran it, it would sit until its lease ran out and then be retried as a lost worker.
    store = runtime.services.store
    real_submit = store.submit
    written = asyncio.Event()

    async def submit_then_linger(*args, **kwargs):  # type: ignore[no-untyped-def]
        recorded = await real_submit(*args, **kwargs)
        written.set()
        await asyncio.sleep(0.3)  # the caller is cancelled here
        return recorded

    monkeypatch.setattr(store, "submit", submit_then_linger)
    caller = asyncio.create_task(runtime.submit(SubmitIntent(A, "add_one", {"x": 1})))
    await written.wait()
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    [row], _ = await store.list_executions(A)
    # Well within the lease: an orphaned row would only run again once its lease expired.
    final = await runtime.wait(A, row.execution_id, timeout=runtime.settings.lease_seconds / 2)
    assert (final.status, final.attempt, final.result) == ("completed", 1, {"value": 2})
