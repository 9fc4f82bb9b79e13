"""Control Room intents report exactly what the test itself submitted, on both stores."""

from __future__ import annotations

import asyncio
import math
import time
from datetime import datetime, timedelta

import pytest

from symphainy.contracts import ExecutionView
from symphainy.errors import Forbidden, InvalidParameters
from symphainy.runtime import Runtime, SubmitIntent
from symphainy.security import SecurityGuard
from tests.unit.capabilities.control_tower.conftest import OPS, A, B, result, run

MONITOR = ("get_platform_statistics", "get_execution_metrics", "get_system_health")


def nearest_rank(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def latency_ms(view: ExecutionView) -> float:
    assert view.completed_at is not None
    return (view.completed_at - view.created_at).total_seconds() * 1000


async def submit_all(
    rt: Runtime, tenant: str, jobs: list[tuple[str, dict[str, object]]], session: str | None = None
) -> list[ExecutionView]:
    subs = [await rt.submit(SubmitIntent(tenant, i, p, session_id=session)) for i, p in jobs]
    return [await rt.wait(tenant, s.execution_id, timeout=60) for s in subs]


@pytest.mark.parametrize("intent", MONITOR)
async def test_admin_role_is_required_at_submission(runtime: Runtime, intent: str) -> None:
    for roles in [(), ("viewer",), ("member",)]:
        with pytest.raises(Forbidden):
            await runtime.submit(SubmitIntent(A, intent, {}, user_id="u", roles=roles))
    with pytest.raises(Forbidden):  # anonymous callers never hold a role
        await runtime.submit(SubmitIntent(A, intent, {}, anonymous=True, roles=("admin",)))
    _page, total = await runtime.store.list_executions(A)
    assert total == 0  # refused before anything was recorded
    assert (await run(runtime, intent)).status == "completed"


async def test_execution_metrics_equal_what_was_submitted(runtime: Runtime) -> None:
    mine = await submit_all(
        runtime,
        A,
        [("add_one", {"x": i}) for i in range(7)]
        + [("refuse", {})] * 3
        + [("sleep", {"seconds": s}) for s in (0.02, 0.06, 0.1)],
    )
    await submit_all(runtime, B, [("add_one", {"x": 1})] * 4)
    got = await result(runtime, "get_execution_metrics", {"time_range": "1h"})
    by = {t["intent_type"]: t for t in got["by_intent"]}
    add = by["add_one"]
    assert (add["submitted"], add["completed"], add["failed"], add["success_rate"]) == (
        7,
        7,
        0,
        1.0,
    )
    lat = [latency_ms(v) for v in mine if v.intent_type == "add_one"]
    for p in (50, 95, 99):
        assert add[f"latency_p{p}_ms"] == pytest.approx(nearest_rank(lat, p), abs=0.01)
    refuse = by["refuse"]
    assert (refuse["submitted"], refuse["completed"], refuse["failed"]) == (3, 0, 3)
    assert refuse["success_rate"] == 0.0
    assert refuse["latency_p50_ms"] is None
    sleeps = sorted(latency_ms(v) for v in mine if v.intent_type == "sleep")
    assert by["sleep"]["latency_p50_ms"] == pytest.approx(sleeps[1], abs=0.01)
    assert by["sleep"]["latency_p99_ms"] == pytest.approx(sleeps[2], abs=0.01)
    assert sleeps[2] >= 100  # the 0.1 s sleep: latency is measured end to end
    finished = got["total"]["completed"] + got["total"]["failed"] + got["total"]["cancelled"]
    assert finished == 13  # this very execution is still running
    assert got["throughput_per_minute"] == pytest.approx(13 * 60 / 3600, abs=1e-5)
    assert got["total"]["submitted"] == 14  # 13 + get_execution_metrics itself


async def test_platform_scope_counts_every_tenant_for_operators_only(runtime: Runtime) -> None:
    await submit_all(runtime, A, [("add_one", {"x": 1})] * 2)
    await submit_all(runtime, B, [("add_one", {"x": 1})] * 3)
    denied = await run(runtime, "get_execution_metrics", {"scope": "platform"})
    assert denied.status == "failed"
    assert denied.error is not None
    assert (denied.error.status, denied.error.type.rsplit("/", 1)[-1]) == (403, "forbidden")
    got = await result(runtime, "get_execution_metrics", {"scope": "platform"}, tenant=OPS)
    assert {t["intent_type"]: t["completed"] for t in got["by_intent"]}["add_one"] == 5
    assert got["scope"] == "platform"


async def test_time_range_is_validated(runtime: Runtime) -> None:
    for bad in ("1y", "0h", "91d", "h", "10"):
        with pytest.raises(InvalidParameters) as info:
            await runtime.submit(
                SubmitIntent(A, "get_execution_metrics", {"time_range": bad}, roles=("admin",))
            )
        assert info.value.extra["errors"][0]["loc"] == ["parameters", "time_range"], bad


async def test_platform_statistics_count_tenants_users_sessions_artifacts(
    runtime: Runtime,
) -> None:
    guard = SecurityGuard(runtime.store, runtime.settings)
    user, tenant = await guard.register("a@example.com", "correct horse 1", "Alice")
    await guard.register("b@example.com", "correct horse 1", "Bob")
    t = tenant.tenant_id
    sessions = [await runtime.create_session(t, user_id=user.user_id) for _ in range(2)]
    await runtime.create_session("anon:s1", anonymous=True)
    lineage = [("make_lineage", {"parent": "p", "child": "c"})] * 2
    await submit_all(runtime, t, lineage, sessions[0].session_id)
    await submit_all(runtime, t, [("refuse", {})])
    mine = await result(runtime, "get_platform_statistics", tenant=t)
    assert (mine["scope"], mine["tenant_id"], mine["tenants"], mine["users"]) == ("tenant", t, 1, 1)
    assert mine["sessions"] == {"total": 2, "by": {"active": 2}}
    assert mine["anonymous_sessions"] == 0
    assert mine["artifacts"] == {"total": 4, "by": {"file": 2, "parsed_content": 2}}
    # The statistics run itself is the Control Tower observing, not workload: not counted.
    assert mine["executions"]["by"] == {"completed": 2, "failed": 1}
    everyone = await result(runtime, "get_platform_statistics", {"scope": "platform"}, OPS)
    assert (everyone["tenant_id"], everyone["tenants"], everyone["users"]) == (None, 2, 2)
    assert everyone["sessions"]["total"] == 3
    assert everyone["anonymous_sessions"] == 1
    assert everyone["executions"]["by"]["completed"] == 2  # not the tenant's statistics run
    assert everyone["registered_intents"] == len(runtime.registry)


async def test_system_health_reports_queue_and_oldest_waiting(runtime: Runtime) -> None:
    started = time.time()
    subs = [await runtime.submit(SubmitIntent(A, "approval", {})) for _ in range(2)]
    for sub in subs:
        async with asyncio.timeout(30):
            while (await runtime.get_execution(A, sub.execution_id)).status != "waiting":
                await asyncio.sleep(0.02)
    health = await result(runtime, "get_system_health")
    assert health["queue"]["waiting"] == 2
    assert health["queue"]["runnable"] == 0
    assert 0 <= health["oldest_waiting_age_seconds"] <= time.time() - started + 0.5
    assert health["store"]["reachable"]
    assert health["store"]["engine"] == runtime.store.engine
    assert health["store"]["migration"] == health["store"]["migration_head"]
    assert health["blobs_writable"]
    assert health["live_workers"] >= 1
    assert health["workers"] is None  # hosts and pids are for operators
    assert health["status"] == "healthy", health["problems"]
    other = await result(runtime, "get_system_health", tenant=B)
    assert other["queue"]["waiting"] == 0
    assert other["oldest_waiting_age_seconds"] is None
    ops = await result(runtime, "get_system_health", {"scope": "platform"}, OPS)
    assert ops["queue"]["waiting"] == 2
    assert len(ops["workers"]) >= 1


async def test_statistics_and_queue_count_the_same_executions(runtime: Runtime) -> None:
    # The console asks for both at once; each read used to count itself and the other as
    # running ("running 5" beside "running 1"). Now both count the workload only.
    subs = [await runtime.submit(SubmitIntent(A, "approval", {})) for _ in range(2)]
    for sub in subs:
        async with asyncio.timeout(30):
            while (await runtime.get_execution(A, sub.execution_id)).status != "waiting":
                await asyncio.sleep(0.02)
    stats, health = await asyncio.gather(
        result(runtime, "get_platform_statistics"), result(runtime, "get_system_health")
    )
    assert stats["executions"]["by"] == {"waiting": 2}
    queue = health["queue"]
    assert (queue["running"], queue["waiting"], queue["runnable"]) == (0, 2, 0)


async def test_realm_health_names_recent_failures(runtime: Runtime) -> None:
    failed = await submit_all(runtime, A, [("refuse", {})] * 2)
    await submit_all(runtime, A, [("add_one", {"x": 1})])
    await submit_all(runtime, B, [("refuse", {})])
    got = await result(runtime, "get_realm_health", {"time_range": "15m"})
    realms = {r["realm"]: r for r in got["realms"]}
    test = realms["test"]
    assert (test["finished"], test["failed"], test["status"]) == (3, 2, "degraded")
    assert {f["execution_id"] for f in test["recent_failures"]} == {v.execution_id for v in failed}
    assert {f["error_type"] for f in test["recent_failures"]} == {"invalid-request"}
    assert realms["content"]["status"] == "idle"
    assert "ingest_file" in realms["content"]["intents"]
    assert "get_realm_health" in realms["control_tower"]["intents"]


async def test_execution_metrics_over_time_in_equal_slices(runtime: Runtime) -> None:
    await submit_all(runtime, A, [("add_one", {"x": i}) for i in range(5)] + [("refuse", {})] * 2)
    got = await result(runtime, "get_execution_metrics", {"time_range": "1h"})
    series = got["series"]
    assert len(series) == 12
    starts = [datetime.fromisoformat(s["start"]) for s in series]
    ends = [datetime.fromisoformat(s["end"]) for s in series]
    assert starts[0] == datetime.fromisoformat(got["since"])
    assert ends[-1] == datetime.fromisoformat(got["until"])
    assert all(e - s == timedelta(minutes=5) for s, e in zip(starts, ends, strict=True))
    assert starts[1:] == ends[:-1]
    # Everything just finished: the newest slice holds it, and the slices add up to the total.
    assert (series[-1]["completed"], series[-1]["failed"]) == (5, 2)
    assert sum(s["completed"] + s["failed"] for s in series) == 7
    assert series[-1]["success_rate"] == pytest.approx(5 / 7, abs=1e-6)
    assert series[-1]["latency_p95_ms"] is not None
    assert series[0]["latency_p95_ms"] is None
