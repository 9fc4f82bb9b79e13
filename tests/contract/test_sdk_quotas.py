"""Tenant quota operations and refusals through every deployment, on both stores.

Who may read and set quotas (the attack rows), the 429 `quota-exceeded` problem and its
Retry-After header over real HTTP, storage metered where uploads land, reasoning tokens
checked before the model call.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from symphainy import errors as e
from symphainy.config import Settings
from symphainy.reasoning import ReasoningProvider
from symphainy.runtime._reasoning import StoreUsageLedger
from symphainy.sdk import ExperienceSDK, LocalSDK
from symphainy.security import Principal
from symphainy.store import QuotaLimits, UsageRow, open_store
from tests.integration.gateway.platform import GW, PASSWORD, Platform, platform

OPERATOR = "ops-tenant"


async def chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


@dataclass
class World:
    plat: Platform
    tokens: dict[str, str]
    tenant_a: str
    tenant_b: str

    def sdk(self, transport: str, actor: str) -> ExperienceSDK:
        if transport == "local":
            raise AssertionError("use local()")
        make = self.plat.remote_http if transport == "remote" else self.plat.http
        return make(self.tokens[actor])

    async def local(self, actor: str) -> LocalSDK:
        return LocalSDK(self.plat.runtime, await self.plat.guard.authenticate(self.tokens[actor]))


@pytest.fixture
async def world(database_url: str, tmp_path: Path) -> AsyncIterator[World]:
    async with platform(database_url, tmp_path, operator_tenants=(OPERATOR,)) as plat:
        http = plat.http()
        tokens: dict[str, str] = {}
        for actor in ("admin", "b_admin"):
            body = await http.register(f"{actor}@example.com", PASSWORD, actor)
            tokens[actor] = body["access_token"]
        admin = await plat.guard.authenticate(tokens["admin"])
        b_admin = await plat.guard.authenticate(tokens["b_admin"])
        code = await plat.guard.create_invitation(admin, "member")
        body = await http.register("member@example.com", PASSWORD, "m", invitation_code=code)
        tokens["member"] = body["access_token"]
        await http.aclose()
        yield World(plat, tokens, admin.tenant_id, b_admin.tenant_id)


@pytest.fixture(params=["local", "http", "remote"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _as(world: World, transport: str, actor: str) -> ExperienceSDK:
    if transport == "local":
        return await world.local(actor)
    return world.sdk(transport, actor)


async def test_attack_other_tenants_quotas_and_members(world: World, transport: str) -> None:
    a = await _as(world, transport, "admin")
    member = await _as(world, transport, "member")
    # Tenant A's admin: neither reads nor sets tenant B's quotas.
    with pytest.raises(e.Forbidden):
        await a.get_tenant_quotas(world.tenant_b)
    with pytest.raises(e.Forbidden):
        await a.set_tenant_quotas(world.tenant_b, max_queued=0)
    # A member of A: neither reads nor sets A's own.
    with pytest.raises(e.Forbidden):
        await member.get_tenant_quotas(world.tenant_a)
    with pytest.raises(e.Forbidden):
        await member.set_tenant_quotas(world.tenant_a, max_queued=100)
    # A's admin tightens A's own quotas, and may not loosen them again.
    view = await a.set_tenant_quotas(world.tenant_a, max_queued=3)
    assert _limit(view, "max_queued") == (3, "tenant")
    with pytest.raises(e.Forbidden):
        await a.set_tenant_quotas(world.tenant_a, max_queued=4)
    with pytest.raises(e.Forbidden):
        await a.set_tenant_quotas(world.tenant_a, reset=["max_queued"])
    b = await world.local("b_admin")
    assert _limit(await b.get_tenant_quotas(world.tenant_b), "max_queued") == (None, "default")


async def test_operator_sets_any_tenant_and_unknown_tenants_are_not_found(world: World) -> None:
    operator = LocalSDK(world.plat.runtime, Principal(OPERATOR, "op", ("admin",)))
    view = await operator.set_tenant_quotas(world.tenant_b, max_running=2, storage_bytes=10)
    assert _limit(view, "max_running") == (2, "tenant")
    view = await operator.set_tenant_quotas(world.tenant_b, max_running=50, reset=["storage_bytes"])
    assert _limit(view, "max_running") == (50, "tenant")
    assert _limit(view, "storage_bytes") == (None, "default")
    with pytest.raises(e.NotFound):
        await operator.get_tenant_quotas("no-such-tenant")
    with pytest.raises(e.InvalidParameters):
        await operator.set_tenant_quotas(world.tenant_b, max_running=1, reset=["max_running"])
    with pytest.raises(e.InvalidParameters):
        await operator.set_tenant_quotas(world.tenant_b, max_queued=-1)


async def test_over_the_quota_is_a_429_problem_with_retry_after(world: World) -> None:
    a = await world.local("admin")
    await a.set_tenant_quotas(world.tenant_a, max_submits_per_minute=1)
    while time.time() % 60 > 50:  # both submits in one UTC clock minute
        await asyncio.sleep(0.2)
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    body = {"intent_type": "add_one", "parameters": {"x": 1}}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(world.plat.app), base_url=GW) as c:
        first = await c.post("/api/intent/submit", json=body, headers=headers)
        assert first.status_code == 202, first.text
        refused = await c.post("/api/intent/submit", json=body, headers=headers)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/quota-exceeded")
    assert (problem["quota"], problem["limit"], problem["current"]) == (
        "max_submits_per_minute",
        1,
        1,
    )
    assert refused.headers["retry-after"] == str(problem["retry_after"])
    view = await a.get_tenant_quotas(world.tenant_a)
    submits = next(q for q in view.quotas if q.quota == "max_submits_per_minute")
    assert submits.current == 1
    assert submits.resets_at is not None


async def test_storage_is_metered_where_uploads_land(world: World, transport: str) -> None:
    a = await world.local("admin")
    await a.set_tenant_quotas(world.tenant_a, storage_bytes=10)
    up = await _as(world, transport, "admin")
    await up.stage_upload(chunks(b"12345678"), 4096)
    with pytest.raises(e.QuotaExceeded) as info:
        await up.stage_upload(chunks(b"abcdefgh"), 4096)
    assert info.value.extra["quota"] == "storage_bytes"
    view = await a.get_tenant_quotas(world.tenant_a)
    assert next(q for q in view.quotas if q.quota == "storage_bytes").current == 8
    # Nothing of the refused upload stays on disk: one blob (and its digest) in A's folder.
    blobs = world.plat.runtime.settings.resolved_blob_dir
    assert sorted(p.suffix for p in blobs.glob("*/*") if not p.name.startswith(".")) == [
        "",
        ".sha256",
    ]


async def test_reasoning_tokens_are_checked_before_the_model_call(database_url: str) -> None:
    async with open_store(database_url) as store:
        ledger = StoreUsageLedger(store, tokens_per_day=100)
        await ledger.admit("t1")  # nothing spent yet
        await store.record_usage(
            UsageRow(uuid.uuid4().hex, "t1", None, None, "p", "m", 60, 40, 100, 1, 1.0, 0.0)
        )
        with pytest.raises(e.QuotaExceeded) as info:
            await ledger.admit("t1")
        problem = info.value.to_problem()
        assert (problem["quota"], problem["limit"], problem["current"]) == (
            "reasoning_tokens_per_day",
            100,
            100,
        )
        assert problem["resets_at"].endswith("T00:00:00+00:00")
        # The provider asks the ledger first: a closed port would answer reasoning-unavailable.
        settings = Settings(
            reasoning_base_url="http://127.0.0.1:9/v1", reasoning_model="m", reasoning_max_retries=0
        )
        provider = ReasoningProvider.from_settings(settings, ledger)
        prompt = provider.prompts.get(provider.prompts.names()[0])
        variables = dict.fromkeys(prompt.variables, "x")
        with pytest.raises(e.QuotaExceeded):
            await provider.bind("t1").narrate(prompt.name, **variables)
        await provider.aclose()
        await store.quotas.set("t1", QuotaLimits(reasoning_tokens_per_day=1000), "test")
        await ledger.admit("t1")  # the tenant's override wins over the default


def _limit(view: object, name: str) -> tuple[int | None, str]:
    found = next(q for q in view.quotas if q.quota == name)  # type: ignore[attr-defined]
    return found.limit, found.source


@pytest.mark.parametrize("via", ["http", "remote"])
async def test_64_concurrent_sdk_submitters_get_exactly_max_queued(world: World, via: str) -> None:
    a = await world.local("admin")
    await a.set_tenant_quotas(world.tenant_a, max_queued=6)
    later = datetime.now(UTC) + timedelta(hours=1)  # delayed starts stay queued (`scheduled`)
    sdks = [world.sdk(via, "admin") for _ in range(64)]

    async def one(sdk: ExperienceSDK) -> str:
        try:
            await sdk.invoke_intent("add_one", {"x": 1}, not_before=later)
        except e.QuotaExceeded as exc:
            return str(exc.extra["quota"])
        return "admitted"

    outcomes = await asyncio.gather(*(one(s) for s in sdks))
    assert sorted(set(outcomes)) == ["admitted", "max_queued"]
    assert outcomes.count("admitted") == 6
    view = await a.get_tenant_quotas(world.tenant_a)
    assert next(q for q in view.quotas if q.quota == "max_queued").current == 6
    for sdk in sdks:
        await sdk.aclose()  # type: ignore[attr-defined]
