"""Composed solutions through every deployment, on both stores: compose (directly and from a
template), refusals of unknown names, versions, running a solution's journeys, its metrics
from those real executions, and another tenant's attempts to reach it."""

from __future__ import annotations

from typing import Any

import pytest

from symphainy import errors as e
from symphainy.contracts import JOURNEY_INTENT, ExecutionView
from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import PASSWORD, Platform


async def run(sdk: ExperienceSDK, intent: str, params: dict[str, Any], **kw: Any) -> ExecutionView:
    sub = await sdk.invoke_intent(intent, params, **kw)
    return await sdk.wait(sub.execution_id, timeout=60)


async def ok(sdk: ExperienceSDK, intent: str, params: dict[str, Any]) -> Any:
    view = await run(sdk, intent, params)
    assert view.status == "completed", view.error
    return view.result


async def problem(sdk: ExperienceSDK, intent: str, params: dict[str, Any]) -> dict[str, Any]:
    view = await run(sdk, intent, params)
    assert view.status == "failed", view.result
    assert view.error is not None
    return view.error.model_dump()


async def journey(sdk: ExperienceSDK, journey_id: str, solution_id: str) -> ExecutionView:
    params = {"journey_id": journey_id, "journey_params": {"x": 1} if journey_id == "chain" else {}}
    return await run(sdk, JOURNEY_INTENT, params, solution_id=solution_id)


CHAINS = {"solution_id": "chains", "name": "Chains", "journeys": ["chain", "doomed"]}


async def test_compose_from_a_template_then_version_it(sdk: ExperienceSDK) -> None:
    templates = (await ok(sdk, "get_solution_templates", {}))["templates"]
    docs = next(t for t in templates if t["template_id"] == "document_intelligence")
    assert docs["available"], docs["missing"]
    made = await ok(
        sdk,
        "create_solution_from_template",
        {
            "template_id": "document_intelligence",
            "solution_id": "docs",
            "options": {"data_quality": True},
        },
    )
    assert made["version"] == 1
    assert made["journeys"] == ["content_ingest_pipeline", "data_quality_pipeline"]
    assert "search_content" in made["intents"]  # an option on by default
    assert made["options"] == {"search": True, "data_quality": True}
    changed = await ok(
        sdk,
        "manage_solution",
        {
            "action": "update",
            "solution_id": "docs",
            "expected_version": 1,
            "name": "Docs v2",
            "intents": ["parse_content"],
        },
    )
    assert (changed["solutions"][0]["version"], changed["solutions"][0]["name"]) == (2, "Docs v2")
    old = await ok(sdk, "manage_solution", {"action": "get", "solution_id": "docs", "version": 1})
    assert old["solutions"][0]["name"] == "Document intelligence"
    assert "search_content" in old["solutions"][0]["intents"]
    stale = await problem(
        sdk,
        "manage_solution",
        {"action": "update", "solution_id": "docs", "expected_version": 1, "name": "Lost"},
    )
    assert (stale["status"], stale["type"].rsplit("/", 1)[-1]) == (409, "conflict")
    versions = await ok(sdk, "manage_solution", {"action": "versions", "solution_id": "docs"})
    assert [s["version"] for s in versions["solutions"]] == [1, 2]


async def test_unknown_names_are_refused_at_submit(sdk: ExperienceSDK) -> None:
    with pytest.raises(e.InvalidParameters) as info:
        await sdk.invoke_intent(
            "compose_solution", {**CHAINS, "journeys": ["chain", "no_such_journey"]}
        )
    assert info.value.extra["errors"][0]["loc"] == ["parameters", "journeys", 1]
    assert info.value.extra["errors"][0]["type"] == "unknown_journey"
    with pytest.raises(e.InvalidParameters) as info:
        await sdk.invoke_intent(
            "create_solution_from_template", {"template_id": "nope", "solution_id": "x"}
        )
    assert info.value.extra["errors"][0]["type"] == "unknown_template"
    with pytest.raises(e.InvalidParameters):  # unknown keys are errors
        await sdk.invoke_intent("compose_solution", {**CHAINS, "colour": "blue"})
    with pytest.raises(e.InvalidParameters):  # an action's foreign fields too
        await sdk.invoke_intent("manage_solution", {"action": "list", "solution_id": "chains"})
    listed = await ok(sdk, "manage_solution", {"action": "list"})
    assert listed["solutions"] == []  # nothing was stored


async def test_metrics_count_the_solutions_real_runs(sdk: ExperienceSDK) -> None:
    await ok(sdk, "compose_solution", CHAINS)
    outcomes = [(await journey(sdk, j, "chains")).status for j in ("chain", "chain", "doomed")]
    assert outcomes == ["completed", "completed", "failed"]
    with pytest.raises(e.InvalidParameters):  # not one of its journeys
        await sdk.invoke_intent(
            JOURNEY_INTENT,
            {"journey_id": "diamond", "journey_params": {"x": 1}},
            solution_id="chains",
        )
    got = await ok(sdk, "get_solution_metrics", {"solution_id": "chains", "time_range": "1h"})
    by_journey = {j["intent_type"]: j for j in got["by_journey"]}
    assert (by_journey["chain"]["completed"], by_journey["chain"]["failed"]) == (2, 0)
    assert (by_journey["doomed"]["completed"], by_journey["doomed"]["failed"]) == (0, 1)
    assert by_journey["chain"]["latency_p50_ms"] > 0
    by_intent = {i["intent_type"]: i for i in got["by_intent"]}
    assert by_intent["add_one"]["completed"] == 2 * 3 + 2  # chain's steps; doomed's two
    assert by_intent["always_fails"]["failed"] == 1
    assert got["runs_by_version"] == {"1": 3}
    await ok(
        sdk,
        "manage_solution",
        {"action": "update", "solution_id": "chains", "expected_version": 1, "journeys": ["chain"]},
    )
    assert (await journey(sdk, "chain", "chains")).status == "completed"
    got = await ok(sdk, "get_solution_metrics", {"solution_id": "chains", "time_range": "1h"})
    assert got["runs_by_version"] == {"1": 3, "2": 1}
    assert got["solution"]["version"] == 2
    await ok(
        sdk,
        "manage_solution",
        {"action": "archive", "solution_id": "chains", "expected_version": 2},
    )
    with pytest.raises(e.InvalidParameters):  # archived: not runnable
        await journey(sdk, "chain", "chains")


async def test_another_tenant_never_sees_a_composed_solution(
    sdk: ExperienceSDK, plat: Platform
) -> None:
    await ok(sdk, "compose_solution", CHAINS)
    other = plat.http()
    await other.register("mallory@example.com", PASSWORD, "Mallory")
    for action in (
        {"action": "get", "solution_id": "chains"},
        {"action": "versions", "solution_id": "chains"},
        {"action": "delete", "solution_id": "chains"},
    ):
        found = await problem(other, "manage_solution", action)
        assert found["status"] == 404, found
    found = await problem(other, "get_solution_metrics", {"solution_id": "chains"})
    assert found["status"] == 404
    with pytest.raises(e.SolutionNotFound):
        await journey(other, "chain", "chains")
    assert (await ok(other, "manage_solution", {"action": "list"}))["solutions"] == []
    # The same id is free in another tenant, and stays its own.
    await ok(other, "compose_solution", {**CHAINS, "journeys": ["chain"]})
    mine = await ok(sdk, "manage_solution", {"action": "get", "solution_id": "chains"})
    assert mine["solutions"][0]["journeys"] == ["chain", "doomed"]
    await other.aclose()


async def test_the_guide_is_read_from_the_registry(sdk: ExperienceSDK) -> None:
    guide = await ok(sdk, "get_composition_guide", {})
    journeys = {j["journey_id"]: j for j in guide["journeys"]}
    assert journeys["chain"]["steps"] == ["add_one", "add_one", "add_one"]
    assert journeys["chain"]["input_schema"]["required"] == ["x"]
    intents = {i["intent_type"]: i for i in guide["intents"]}
    assert intents["add_one"]["required_inputs"] == ["x"]
    assert "compose_solution" in intents
    assert "content_intelligence" in guide["rules"]["reserved_solution_ids"]
    with pytest.raises(e.InvalidParameters):  # a registered solution's id is not yours
        await sdk.invoke_intent("compose_solution", {**CHAINS, "solution_id": "control_tower"})
