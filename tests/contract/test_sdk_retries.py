"""Retries and intent versions through every Experience SDK (local, HTTP, HTTP → Runtime API)."""

from __future__ import annotations

import httpx
import pytest

from symphainy.errors import (
    ExecutionNotFound,
    IllegalTransition,
    IntentNotFound,
    InvalidParameters,
)
from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import GW, PASSWORD, Platform


async def failed(sdk: ExperienceSDK, intent_type: str = "always_fails") -> str:
    session = await sdk.create_session()
    sub = await sdk.invoke_intent(intent_type, {"label": "x"}, session)
    assert (await sdk.wait(sub.execution_id, timeout=30)).status == "failed"
    return sub.execution_id


async def test_retry_links_the_new_execution_and_refuses_twice(sdk: ExperienceSDK) -> None:
    original = await failed(sdk)
    retry = await sdk.retry_execution(original)
    assert (retry.retry_of, retry.intent_type, retry.intent_version) == (
        original,
        "always_fails",
        1,
    )
    assert retry.parameters == {"label": "x"}
    listed = await sdk.list_executions(retry_of=original)
    assert [v.execution_id for v in listed.executions] == [retry.execution_id]
    with pytest.raises(IllegalTransition):
        await sdk.retry_execution(original)
    with pytest.raises(ExecutionNotFound):
        await sdk.retry_execution("unknown-execution")
    with pytest.raises(InvalidParameters):
        await sdk.retry_execution(retry.execution_id, from_step="a")


async def test_journey_retry_and_unknown_step(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    sub = await sdk.trigger_journey("doomed", {}, session)
    assert (await sdk.wait(sub.execution_id, timeout=30)).status == "failed"
    with pytest.raises(InvalidParameters):
        await sdk.retry_execution(sub.execution_id, from_step="nope")
    retry = await sdk.retry_execution(sub.execution_id, from_step="second")
    assert retry.retry_of == sub.execution_id
    assert retry.parameters["journey_version"] == 1
    assert (await sdk.wait(retry.execution_id, timeout=30)).status == "failed"


async def test_bulk_retry_dry_run_then_run(sdk: ExperienceSDK) -> None:
    ids = [await failed(sdk), await failed(sdk)]
    dry = await sdk.retry_failed(intent_type="always_fails", dry_run=True)
    assert (dry.matched, [e.retry_of for e in dry.executions]) == (2, ids)
    assert (await sdk.list_executions(intent_type="always_fails")).total == 2
    done = await sdk.retry_failed(intent_type="always_fails", limit=1)
    assert [e.retry_of for e in done.executions] == ids[:1]
    assert done.executions[0].execution_id is not None
    assert (await sdk.list_executions(intent_type="always_fails")).total == 3


async def test_versions_in_the_catalogue_and_on_submit(sdk: ExperienceSDK) -> None:
    contract = await sdk.get_intent("add_one", version=1)
    assert (contract.version, contract.versions) == (1, [1])
    with pytest.raises(IntentNotFound):
        await sdk.get_intent("add_one", version=2)
    session = await sdk.create_session()
    sub = await sdk.invoke_intent("add_one", {"x": 1}, session, intent_version=1)
    assert (await sdk.wait(sub.execution_id, timeout=30)).intent_version == 1
    with pytest.raises(IntentNotFound):
        await sdk.invoke_intent("add_one", {"x": 1}, session, intent_version=2)


async def test_http_status_codes_and_another_tenants_executions(plat: Platform) -> None:
    owner, other = plat.http(), plat.http()
    await owner.register("owner@example.com", PASSWORD, "Owner")
    await other.register("other@example.com", PASSWORD, "Other")
    original = await failed(owner)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(plat.app), base_url=GW) as raw:

        async def post(path: str, token: str | None, body: dict | None = None) -> httpx.Response:
            return await raw.post(path, json=body, headers={"Authorization": f"Bearer {token}"})

        stolen = await post(f"/api/execution/{original}/retry", other.token)
        bulk_other = await post("/api/execution/retry", other.token, {"dry_run": True})
        bad_step = await post(f"/api/execution/{original}/retry", owner.token, {"from_step": "x"})
        accepted = await post(f"/api/execution/{original}/retry", owner.token)
        again = await post(f"/api/execution/{original}/retry", owner.token)
    assert stolen.status_code == 404
    assert stolen.json()["type"].endswith("/execution-not-found")
    assert bulk_other.json()["matched"] == 0
    assert bad_step.status_code == 422
    assert accepted.status_code == 202
    assert accepted.json()["retry_of"] == original
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert (await other.list_executions()).total == 0
    await owner.aclose()
    await other.aclose()
