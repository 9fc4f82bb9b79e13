"""/metrics on the Experience service and the Runtime API: Prometheus text, real figures."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from symphainy.runtime.api import create_runtime_app
from tests.integration.gateway.platform import GW, Platform, platform
from tests.integration.gateway.test_control_tower import run_all, session
from tests.integration.gateway.test_gateway_security import assert_problem, signup

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$")
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
CHEAP = {
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 1024,
    "password_hash_parallelism": 1,
}


def parse(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Samples by (name, labels); fails on any line that is not valid exposition."""
    samples = {}
    typed: set[str] = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            typed.add(line.split()[2])
            continue
        if line.startswith("# HELP "):
            continue
        match = SAMPLE.match(line)
        assert match, f"not Prometheus text: {line!r}"
        name, _, labels, value = match.groups()
        assert any(name == t or name.startswith(t + "_") for t in typed), name
        samples[(name, frozenset(LABEL.findall(labels or "")))] = float(value)
    return samples


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples[(name, frozenset(labels.items()))]


@pytest.fixture
async def plat(database_url: str, tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(database_url, tmp_path, **CHEAP) as p:
        yield p


async def test_both_services_expose_what_was_submitted(plat: Platform) -> None:
    gw = httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app))
    rt_app = create_runtime_app(plat.runtime, plat.boot.settings)
    rt = httpx.AsyncClient(base_url="http://rt", transport=httpx.ASGITransport(rt_app))
    async with gw, rt:
        admin = await signup(gw, "admin@example.com")
        sid = await session(gw, admin)
        await run_all(gw, admin, sid, [("add_one", {"x": 1})] * 3 + [("refuse", {})] * 2)
        for _ in range(2):
            assert (await rt.get("/health")).status_code == 200
        r = await gw.get("/metrics")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
        got = parse(r.text)
        assert value(got, "symphainy_executions", state="completed") == 3
        assert value(got, "symphainy_executions", state="failed") == 2
        assert value(got, "symphainy_executions", state="waiting") == 0
        assert value(got, "symphainy_queue_depth", kind="runnable") == 0
        assert value(got, "symphainy_live_workers") >= 1
        route = {"service": "experience", "method": "POST", "route": "/api/intent/submit"}
        assert value(got, "symphainy_http_requests_total", **route, status="202") == 5
        name = "symphainy_http_request_duration_seconds"
        assert value(got, f"{name}_count", **route) == 5
        assert value(got, f"{name}_bucket", **route, le="+Inf") == 5
        assert value(got, f"{name}_sum", **route) > 0
        runtime = parse((await rt.get("/metrics")).text)
        assert value(runtime, "symphainy_executions", state="completed") == 3
        health = {"service": "runtime", "method": "GET", "route": "/health", "status": "200"}
        assert value(runtime, "symphainy_http_requests_total", **health) == 2
        assert_commit_families(runtime, plat.runtime.store.engine)


def assert_commit_families(
    got: dict[tuple[str, frozenset[tuple[str, str]]], float], engine: str
) -> None:
    """The writer's group commits: counted, and every histogram consistent with the count."""
    committed = value(got, "symphainy_store_commits_total", engine=engine, outcome="committed")
    assert committed >= 5  # at least the five submissions, each its own write
    assert value(got, "symphainy_store_commits_total", engine=engine, outcome="failed") == 0
    for name in (
        "symphainy_store_transaction_duration_seconds",
        "symphainy_store_commit_duration_seconds",
        "symphainy_store_commit_operations",
    ):
        assert value(got, f"{name}_count", engine=engine) == committed
        assert value(got, f"{name}_bucket", engine=engine, le="+Inf") == committed
        assert value(got, f"{name}_sum", engine=engine) > 0
    # No group is larger than the writer takes at a time (4,096 operations).
    ops = "symphainy_store_commit_operations_bucket"
    assert value(got, ops, engine=engine, le="4096") == committed


async def test_queue_depth_and_oldest_age(plat: Platform) -> None:
    async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.remote_app)) as gw:
        admin = await signup(gw, "admin@example.com")
        sid = await session(gw, admin)
        for _ in range(2):
            body = {"intent_type": "approval", "parameters": {}, "session_id": sid}
            assert (
                await gw.post("/api/intent/submit", json=body, headers=admin)
            ).status_code == 202
        for _ in range(200):
            got = parse((await gw.get("/metrics")).text)
            # Two reads per scrape: wait until both have seen the second execution park.
            if value(got, "symphainy_executions", state="waiting") == 2 and (
                value(got, "symphainy_queue_depth", kind="waiting") == 2
            ):
                break
            await asyncio.sleep(0.02)
        assert value(got, "symphainy_queue_depth", kind="waiting") == 2
        assert value(got, "symphainy_executions", state="waiting") == 2
        assert 0 < value(got, "symphainy_queue_oldest_age_seconds") < 30


async def test_metrics_token_guards_both_services(database_url: str, tmp_path: Path) -> None:
    async with platform(database_url, tmp_path, metrics_token="scrape-me", **CHEAP) as plat:
        rt_app = create_runtime_app(plat.runtime, plat.boot.settings)
        for app in (plat.app, rt_app):
            async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(app)) as c:
                assert_problem(await c.get("/metrics"), 401, "authentication-required")
                wrong = {"Authorization": "Bearer nope"}
                assert_problem(
                    await c.get("/metrics", headers=wrong), 401, "authentication-required"
                )
                ok = await c.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
                assert ok.status_code == 200
                assert "symphainy_executions" in ok.text
