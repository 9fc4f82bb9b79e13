"""A rejected approval is a person's answer, not a platform failure: realm health says so."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.capabilities.control_tower import register as register_control_tower
from symphainy.errors import is_rejection
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent, register_journey_engine
from symphainy.testing import local_runtime
from tests.unit.capabilities.control_tower.conftest import A, result
from tests.unit.runtime.intents import register_test_intents


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    reg = IntentRegistry()
    register_journey_engine(reg)
    register_control_tower(reg)
    register_test_intents(reg)
    reg.check()
    async with local_runtime(
        reg, database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        yield rt


async def decided(rt: Runtime, title: str, approve: bool) -> str:
    """Ask for an approval, answer it, and wait for the request's execution to finish."""
    sub = await rt.submit(SubmitIntent(A, "request_approval", {"title": title}, user_id="u1"))
    for _ in range(400):
        page = await rt.pending.list(A, intent_type="approval", status="pending")
        if page.intents:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("no approval request appeared")
    await rt.pending.decide(A, page.intents[0].intent_id, approve=approve, decided_by="boss")
    view = await rt.wait(A, sub.execution_id, timeout=20)
    assert view.status == ("completed" if approve else "failed")
    return view.execution_id


async def test_a_rejection_leaves_the_realm_healthy_and_is_counted_apart(runtime: Runtime) -> None:
    await decided(runtime, "Buy it?", approve=True)
    rejected = await decided(runtime, "Delete it?", approve=False)
    view = await runtime.get_execution(A, rejected)
    assert view.error is not None
    assert is_rejection(view.error.model_dump(mode="json"))
    got = await result(runtime, "get_realm_health", {"time_range": "15m"})
    journeys = {r["realm"]: r for r in got["realms"]}["journeys"]
    assert (journeys["finished"], journeys["failed"], journeys["rejected"]) == (2, 0, 1)
    assert journeys["status"] == "healthy"
    assert journeys["recent_failures"] == []
    metrics = await result(runtime, "get_execution_metrics", {"time_range": "15m"})
    asked = {t["intent_type"]: t for t in metrics["by_intent"]}["request_approval"]
    assert (asked["completed"], asked["failed"], asked["rejected"]) == (1, 0, 1)
    assert asked["success_rate"] == 1.0  # a "no" is an answer, not a failed attempt
    assert (metrics["total"]["failed"], metrics["total"]["rejected"]) == (0, 1)


async def test_a_real_failure_beside_a_rejection_still_degrades(runtime: Runtime) -> None:
    await decided(runtime, "Delete it?", approve=False)
    sub = await runtime.submit(SubmitIntent(A, "refuse", {}))
    await runtime.wait(A, sub.execution_id, timeout=20)
    got = await result(runtime, "get_realm_health", {"time_range": "15m"})
    realms = {r["realm"]: r for r in got["realms"]}
    assert (realms["journeys"]["status"], realms["journeys"]["rejected"]) == ("healthy", 1)
    assert (realms["test"]["status"], realms["test"]["failed"]) == ("degraded", 1)
    assert realms["test"]["rejected"] == 0


def test_a_journey_stopped_by_a_rejection_is_a_rejection() -> None:
    base = "https://symphainy.dev/problems/"
    step = {"type": base + "approval-rejected", "detail": "'x' was rejected"}
    assert is_rejection({"type": base + "journey-step-failed", "step_error": step})
    assert not is_rejection({"type": base + "journey-step-failed", "step_error": {"type": "x"}})
    assert not is_rejection({"type": base + "handler-failed"})
    assert not is_rejection(None)
