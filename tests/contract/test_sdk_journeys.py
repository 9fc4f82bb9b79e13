"""Journeys and approvals through every Experience SDK (local, HTTP, HTTP → Runtime API)."""

from __future__ import annotations

import asyncio
import base64

import httpx
import pytest

from symphainy.errors import (
    IllegalTransition,
    InvalidParameters,
    JourneyNotFound,
    PendingIntentNotFound,
)
from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import GW, PASSWORD, Platform
from tests.unit.capabilities.content._chain import customers_csv


async def approval_of(sdk: ExperienceSDK, parent: str) -> str:
    for _ in range(200):
        page = await sdk.list_pending(intent_type="approval", status="pending")
        mine = [p for p in page.intents if p.context.get("parent_execution_id") == parent]
        if mine:
            return mine[0].intent_id
        await asyncio.sleep(0.05)
    raise AssertionError("the journey never asked for approval")


async def test_journey_catalogue_lists_shipped_and_test_journeys(sdk: ExperienceSDK) -> None:
    journeys = {j.journey_id: j for j in await sdk.list_journeys()}
    pipeline = journeys["content_ingest_pipeline"]
    assert [s.name for s in pipeline.steps] == ["parse", "deterministic", "semantic"]
    assert pipeline.steps[1].after == ["parse"]
    assert pipeline.input_schema is not None
    assert "file_id" in pipeline.input_schema["required"]
    assert journeys["diamond"].steps[3].after == ["b", "c"]


async def test_trigger_journey_approve_and_complete(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    sub = await sdk.trigger_journey("approved", {}, session)
    approval = await approval_of(sdk, sub.execution_id)
    for _ in range(200):  # the journey parks once its approval step has parked
        if (await sdk.get_execution(sub.execution_id)).status == "waiting":
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the journey never parked while its approval was open")
    decided = await sdk.decide_pending(approval, "approve", "looks right")
    assert decided.status == "completed"
    final = await sdk.wait(sub.execution_id, timeout=20)
    assert final.status == "completed", final.error
    review = next(s for s in final.result["steps"] if s["step"] == "review")
    assert review["result"]["comment"] == "looks right"
    with pytest.raises(IllegalTransition):
        await sdk.decide_pending(approval, "reject")


async def test_rejected_journey_fails_naming_the_step(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    sub = await sdk.trigger_journey("approved", {}, session)
    await sdk.decide_pending(await approval_of(sdk, sub.execution_id), "reject", "not now")
    final = await sdk.wait(sub.execution_id, timeout=20)
    assert final.status == "failed"
    assert final.error is not None
    assert final.error.model_dump()["step"] == "review"


async def test_unknown_journey_and_bad_params_are_refused(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    with pytest.raises(JourneyNotFound):
        await sdk.trigger_journey("nope", {}, session)
    with pytest.raises(InvalidParameters):
        await sdk.trigger_journey("content_ingest_pipeline", {"file": "x"}, session)


async def test_content_pipeline_journey_on_a_real_file(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    data = base64.b64encode(customers_csv()).decode()
    ingest = await sdk.invoke_intent(
        "ingest_file",
        {"ui_name": "customers", "filename": "customers.csv", "file_content_base64": data},
        session,
    )
    file = (await sdk.wait(ingest.execution_id, timeout=20)).result
    save = await sdk.invoke_intent(
        "save_materialization",
        {"file_id": file["artifact_id"], "boundary_contract_id": file["boundary_contract_id"]},
        session,
    )
    assert (await sdk.wait(save.execution_id, timeout=20)).status == "completed"
    sub = await sdk.trigger_journey(
        "content_ingest_pipeline", {"file_id": file["artifact_id"]}, session
    )
    final = await sdk.wait(sub.execution_id, timeout=120)
    assert final.status == "completed", final.error
    steps = {s["step"]: s["result"] for s in final.result["steps"]}
    assert steps["parse"]["record_count"] == 20
    parsed_id = steps["parse"]["parsed_file_id"]
    assert steps["semantic"]["parsed_file_id"] == parsed_id
    assert steps["semantic"]["dimension"] == 384
    lineage = await sdk.artifact_lineage(steps["semantic"]["embedding_id"])
    assert steps["deterministic"]["deterministic_embedding_id"] in lineage.parents


async def test_other_tenants_and_anonymous_sessions_cannot_decide(plat: Platform) -> None:
    owner, other = plat.http(), plat.http()
    await owner.register("owner@example.com", PASSWORD, "Owner")
    await other.register("other@example.com", PASSWORD, "Other")
    session = await owner.create_session()
    sub = await owner.trigger_journey("approved", {}, session)
    approval = await approval_of(owner, sub.execution_id)
    with pytest.raises(PendingIntentNotFound):
        await other.decide_pending(approval, "approve")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(plat.app), base_url=GW) as raw:
        anon = await raw.post("/api/session/create-anonymous", json={})
        token = anon.json()["access_token"]
        refused = await raw.post(
            f"/api/intent/pending/{approval}/decide",
            json={"decision": "approve"},
            headers={"Authorization": f"Bearer {token}"},
        )
        bad = await raw.post(
            f"/api/intent/pending/{approval}/decide",
            json={"decision": "maybe"},
            headers={"Authorization": f"Bearer {owner.token}"},
        )
    assert refused.status_code == 401  # anonymous: sign in first
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert bad.status_code == 422
    assert (await owner.list_pending(intent_type="approval")).intents[0].status == "pending"
    await owner.decide_pending(approval, "approve")
    assert (await owner.wait(sub.execution_id, timeout=20)).status == "completed"
    await owner.aclose()
    await other.aclose()


async def test_list_executions_filters_and_pages_within_the_tenant(
    sdk: ExperienceSDK, plat: Platform
) -> None:
    session = await sdk.create_session()
    sub = await sdk.trigger_journey("chain", {"x": 5}, session)
    assert (await sdk.wait(sub.execution_id, timeout=30)).status == "completed"
    steps = await sdk.list_executions(parent_execution_id=sub.execution_id)
    assert steps.total == 3
    assert sorted(e.parameters["x"] for e in steps.executions) == [5, 6, 7]
    journeys = await sdk.list_executions(intent_type="compose_journey", status="completed")
    assert [e.execution_id for e in journeys.executions] == [sub.execution_id]
    first = await sdk.list_executions(limit=3)
    assert (first.total, len(first.executions), first.limit) == (4, 3, 3)
    rest = await sdk.list_executions(limit=3, cursor=first.next_cursor)
    assert (len(rest.executions), rest.next_cursor) == (1, None)
    ids = [e.execution_id for e in first.executions + rest.executions]
    assert len(set(ids)) == 4
    stranger = plat.http()
    await stranger.register("stranger@example.com", PASSWORD, "S")
    assert (await stranger.list_executions()).total == 0
    assert (await stranger.list_executions(parent_execution_id=sub.execution_id)).total == 0
    await stranger.aclose()
