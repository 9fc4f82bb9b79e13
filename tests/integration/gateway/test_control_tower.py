"""Control Tower over HTTP: admin only on every route, figures equal what the test submitted."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from symphainy.runtime.api import create_runtime_app
from symphainy.security import Principal, load_or_create_service_secret, mint_service_token
from tests.integration.gateway.platform import GW, Platform, platform
from tests.integration.gateway.test_gateway_security import PASSWORD, assert_problem, signup

PREFIX = "/api/control-tower"
GET_ROUTES = [
    "/statistics",
    "/execution-metrics",
    "/system-health",
    "/realm-health",
    "/documentation",
    "/code-examples",
    "/patterns",
    "/solutions",
    "/composition-guide",
    "/templates",
]
SOLUTION_STATUS = "/solutions/{solution_id}"
POST_ROUTES = ["/validate-solution", "/preview-solution"]
BUILDER_ROUTES = ["/compose", "/create-from-template", "/manage-solution"]
METRICS = "/composed-solutions/{solution_id}/metrics"
SOLUTION = {"solution_id": "s", "name": "S", "intents": ["add_one"]}
Headers = dict[str, str]


@pytest.fixture
async def plat(database_url: str, tmp_path: Path) -> AsyncIterator[Platform]:
    cheap = {"password_hash_time_cost": 1, "password_hash_memory_kib": 1024}
    async with platform(database_url, tmp_path, password_hash_parallelism=1, **cheap) as p:
        yield p


@pytest.fixture(params=["local", "remote"])
async def client(
    request: pytest.FixtureRequest, plat: Platform
) -> AsyncIterator[httpx.AsyncClient]:
    app = plat.app if request.param == "local" else plat.remote_app
    async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(app)) as c:
        yield c


async def session(client: httpx.AsyncClient, auth: Headers) -> str:
    r = await client.post("/api/session/create", json={}, headers=auth)
    assert r.status_code == 201, r.text
    return str(r.json()["session_id"])


async def invited(client: httpx.AsyncClient, admin: Headers, role: str, email: str) -> Headers:
    r = await client.post("/api/admin/invitations", json={"role": role}, headers=admin)
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "name": "N",
            "invitation_code": r.json()["invitation_code"],
        },
    )
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_every_control_tower_route_is_under_test(plat: Platform) -> None:
    paths = plat.app.openapi()["paths"]
    mounted = {
        (path.removeprefix(PREFIX), method.upper())
        for path, ops in paths.items()
        if path.startswith(PREFIX)
        for method in ops
    }
    assert mounted == {(path, "GET") for path in [*GET_ROUTES, SOLUTION_STATUS, METRICS]} | {
        (path, "POST") for path in [*POST_ROUTES, *BUILDER_ROUTES]
    }


async def test_non_admins_get_403_on_every_route(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "admin@example.com")
    sid = await session(client, admin)
    members = [await invited(client, admin, r, f"{r}@example.com") for r in ("member", "viewer")]
    anon = (await client.post("/api/session/create-anonymous", json={})).json()
    for path in GET_ROUTES:
        for auth in members:
            r = await client.get(PREFIX + path, params={"session_id": sid}, headers=auth)
            assert_problem(r, 403, "forbidden")
        r = await client.get(
            PREFIX + path,
            params={"session_id": anon["session"]["session_id"]},
            headers={"Authorization": f"Bearer {anon['access_token']}"},
        )
        assert_problem(r, 401, "authentication-required")
        anonymous = await client.get(PREFIX + path, params={"session_id": sid})
        assert_problem(anonymous, 401, "authentication-required")
        ok = await client.get(PREFIX + path, params={"session_id": sid}, headers=admin)
        assert ok.status_code == 200, ok.text
    status = PREFIX + SOLUTION_STATUS.format(solution_id="no_such_solution")
    for auth in members:
        r = await client.get(status, params={"session_id": sid}, headers=auth)
        assert_problem(r, 403, "forbidden")
    r = await client.get(status, params={"session_id": sid})
    assert_problem(r, 401, "authentication-required")
    r = await client.get(status, params={"session_id": sid}, headers=admin)
    assert_problem(r, 404, "solution-not-found")
    body = {"session_id": sid, "solution_config": SOLUTION}
    for path in POST_ROUTES:
        for auth in members:
            assert_problem(
                await client.post(PREFIX + path, json=body, headers=auth), 403, "forbidden"
            )
        assert_problem(await client.post(PREFIX + path, json=body), 401, "authentication-required")
        ok = await client.post(PREFIX + path, json=body, headers=admin)
        assert ok.status_code == 200, ok.text
        assert ok.json()["valid"] is True


async def test_the_solution_builder_routes(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "admin@example.com")
    sid = await session(client, admin)
    member = await invited(client, admin, "member", "member@example.com")
    compose = {"session_id": sid, "parameters": {**SOLUTION, "journeys": []}}
    for path in BUILDER_ROUTES:
        r = await client.post(PREFIX + path, json=compose, headers=member)
        assert_problem(r, 403, "forbidden")
    made = await client.post(f"{PREFIX}/compose", json=compose, headers=admin)
    assert made.status_code == 200, made.text
    assert made.json()["version"] == 1
    unknown = {"session_id": sid, "parameters": {**SOLUTION, "journeys": ["nope"]}}
    r = await client.post(f"{PREFIX}/compose", json=unknown, headers=admin)
    assert_problem(r, 422, "invalid-parameters")
    assert r.json()["errors"][0]["loc"] == ["parameters", "journeys", 0]
    template = {"template_id": "operations_monitoring", "solution_id": "ops"}
    r = await client.post(
        f"{PREFIX}/create-from-template",
        json={"session_id": sid, "parameters": template},
        headers=admin,
    )
    assert r.status_code == 200, r.text
    listed = await client.post(
        f"{PREFIX}/manage-solution",
        json={"session_id": sid, "parameters": {"action": "list"}},
        headers=admin,
    )
    assert [s["solution_id"] for s in listed.json()["solutions"]] == ["ops", "s"]
    q = {"session_id": sid}
    r = await client.get(PREFIX + METRICS.format(solution_id="s"), params=q, headers=admin)
    assert r.status_code == 200, r.text
    other = await signup(client, "other@example.com")
    theirs = {"session_id": await session(client, other)}
    r = await client.get(PREFIX + METRICS.format(solution_id="s"), params=theirs, headers=other)
    assert_problem(r, 404, "solution-not-found")


async def test_runtime_refuses_a_member_service_token(plat: Platform) -> None:
    settings = plat.boot.settings
    api = create_runtime_app(plat.runtime, settings)
    secret = load_or_create_service_secret(settings)
    async with httpx.AsyncClient(base_url="http://rt", transport=httpx.ASGITransport(api)) as rt:
        for roles, status in [(("member",), 403), (("admin",), 202)]:
            token = mint_service_token(secret, Principal("t_x", "u", roles), 60)
            r = await rt.post(
                "/api/intent/submit",
                json={"intent_type": "get_platform_statistics", "parameters": {}},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert r.status_code == status, r.text


async def run_all(
    client: httpx.AsyncClient, auth: Headers, sid: str, jobs: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    ids = []
    for intent, params in jobs:
        body = {"intent_type": intent, "parameters": params, "session_id": sid}
        r = await client.post("/api/intent/submit", json=body, headers=auth)
        assert r.status_code == 202, r.text
        ids.append(r.json()["execution_id"])
    views = []
    for eid in ids:
        r = await client.get(f"/api/execution/{eid}/status", params={"wait": 30}, headers=auth)
        views.append(r.json())
    return views


def latency_ms(view: dict[str, Any]) -> float:
    start, end = (datetime.fromisoformat(view[k]) for k in ("created_at", "completed_at"))
    return (end - start).total_seconds() * 1000


def nearest_rank(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


async def test_dashboard_figures_equal_what_was_submitted(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "admin@example.com")
    other = await signup(client, "other@example.com")
    sid = await session(client, admin)
    views = await run_all(
        client, admin, sid, [("add_one", {"x": i}) for i in range(6)] + [("refuse", {})] * 2
    )
    await run_all(client, other, await session(client, other), [("add_one", {"x": 1})] * 3)
    q = {"session_id": sid, "time_range": "10m"}
    got = (await client.get(f"{PREFIX}/execution-metrics", params=q, headers=admin)).json()
    by = {t["intent_type"]: t for t in got["by_intent"]}
    assert (by["add_one"]["submitted"], by["add_one"]["completed"]) == (6, 6)
    assert (by["refuse"]["failed"], by["refuse"]["success_rate"]) == (2, 0.0)
    lat = [latency_ms(v) for v in views if v["intent_type"] == "add_one"]
    for p in (50, 95, 99):
        assert by["add_one"][f"latency_p{p}_ms"] == pytest.approx(nearest_rank(lat, p), abs=0.01)
    stats = (
        await client.get(f"{PREFIX}/statistics", params={"session_id": sid}, headers=admin)
    ).json()
    assert (stats["tenants"], stats["users"], stats["sessions"]["total"]) == (1, 1, 1)
    # The dashboard's own reads (the metrics call before, this call) are not counted.
    assert stats["executions"]["by"] == {"completed": 6, "failed": 2}
    realms = (await client.get(f"{PREFIX}/realm-health", params=q, headers=admin)).json()
    test_realm = next(r for r in realms["realms"] if r["realm"] == "test")
    assert (test_realm["finished"], test_realm["failed"], test_realm["status"]) == (
        8,
        2,
        "degraded",
    )
    # The dashboard's own reads are marked, so an execution list can leave them out.
    hide = {"exclude_attributes": {"console.internal": True}}
    listed = (await client.post("/api/execution/list", json=hide, headers=admin)).json()
    assert sorted({e["intent_type"] for e in listed["executions"]}) == ["add_one", "refuse"]
    reads = {"search_attributes": {"console.internal": True}}
    marked = (await client.post("/api/execution/list", json=reads, headers=admin)).json()
    assert marked["total"] == 3  # execution-metrics, statistics, realm-health


async def test_platform_scope_is_403_for_a_tenant_admin(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "admin@example.com")
    sid = await session(client, admin)
    for path in ("/statistics", "/execution-metrics", "/system-health", "/realm-health"):
        r = await client.get(
            PREFIX + path, params={"session_id": sid, "scope": "platform"}, headers=admin
        )
        assert_problem(r, 403, "forbidden")


async def test_bad_parameters_are_422(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "admin@example.com")
    sid = await session(client, admin)
    r = await client.get(
        f"{PREFIX}/execution-metrics", params={"session_id": sid, "time_range": "1y"}, headers=admin
    )
    assert_problem(r, 422, "invalid-parameters")
    r = await client.get(
        f"{PREFIX}/documentation", params={"session_id": sid, "section": "x"}, headers=admin
    )
    assert_problem(r, 404, "not-found")
    health = await client.get(f"{PREFIX}/system-health", params={"session_id": sid}, headers=admin)
    assert health.json()["store"]["reachable"] is True


async def test_validate_solution_reports_field_errors(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "admin@example.com")
    sid = await session(client, admin)
    config = {"solution_id": "s", "name": "S", "intents": ["add_one", "nope"]}
    body = {"session_id": sid, "solution_config": config}
    got = (await client.post(f"{PREFIX}/preview-solution", json=body, headers=admin)).json()
    assert got["valid"] is False
    assert got["errors"] == [
        {
            "loc": ["solution_config", "intents", 1],
            "msg": "no intent 'nope' is registered",
            "type": "unknown_intent",
        }
    ]
    assert got["solution"]["intents"] == ["add_one", "nope"]
    bad = await client.post(
        f"{PREFIX}/validate-solution", json={"solution_config": config}, headers=admin
    )
    assert_problem(bad, 422, "invalid-parameters")
