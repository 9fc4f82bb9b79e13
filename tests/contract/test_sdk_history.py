"""Delayed start and execution history through every SDK transport (local, HTTP, split)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from symphainy.sdk import ExperienceSDK


async def test_a_delayed_start_is_scheduled_listed_and_cancelled_before_it_runs(
    sdk: ExperienceSDK,
) -> None:
    session = await sdk.create_session()
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    sub = await sdk.invoke_intent("add_one", {"x": 1}, session, not_before=at)
    view = await sdk.get_execution(sub.execution_id)
    assert (view.status, view.not_before, view.started_at) == ("scheduled", at, None)
    listed = await sdk.list_executions(status="scheduled")
    assert [e.execution_id for e in listed.executions] == [sub.execution_id]
    assert (await sdk.cancel(sub.execution_id)).status == "cancelled"
    final = await sdk.wait(sub.execution_id, timeout=10)
    assert (final.status, final.started_at, final.attempt) == ("cancelled", None, 0)
    page = await sdk.execution_events(sub.execution_id)
    assert [e.kind for e in page.events] == [
        "intent.received",
        "execution.created",
        "execution.scheduled",
        "execution.cancelled",
    ]
    assert page.events[2].data == {"not_before": at.isoformat()}
    assert page.next_after is None


async def test_history_pages_are_the_stream_and_views_carry_timings(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    sub = await sdk.invoke_intent("progress", {"x": 3}, session)
    streamed = [e async for e in sdk.subscribe(sub.execution_id)]
    final = await sdk.get_execution(sub.execution_id)
    paged, after = [], 0
    while after is not None:
        page = await sdk.execution_events(sub.execution_id, after=after, limit=2)
        paged += page.events
        after = page.next_after
    assert paged == streamed
    assert final.started_at is not None
    assert final.finished_at == final.completed_at
    assert final.completed_at is not None
    elapsed = (final.completed_at - final.started_at).total_seconds()
    assert final.duration_seconds == pytest.approx(elapsed, abs=2e-6)
    assert (final.attempt, final.not_before, final.parent_execution_id) == (1, None, None)
