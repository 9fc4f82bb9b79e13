"""The journeys Symphainy ships, run end to end on real files with every capability installed."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.boot import build_registry
from symphainy.contracts import PendingIntentView
from symphainy.runtime import Runtime, SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import customers_csv
from tests.unit.capabilities.operations._ops import SOP_MARKDOWN

T = "tenant-a"


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(
        build_registry(), database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as runtime:
        await runtime.create_session(T, session_id="s1", user_id="u1")
        yield runtime


async def run(
    rt: Runtime, intent: str, params: dict[str, Any], roles: tuple[str, ...] = ("member",)
) -> Any:
    sub = await rt.submit(
        SubmitIntent(T, intent, params, session_id="s1", user_id="u1", roles=roles)
    )
    return await rt.wait(T, sub.execution_id, timeout=120)


async def ok(rt: Runtime, intent: str, params: dict[str, Any], **kw: Any) -> Any:
    view = await run(rt, intent, params, **kw)
    assert view.status == "completed", (intent, view.error)
    return view.result


async def saved_file(rt: Runtime, data: bytes, name: str) -> str:
    encoded = base64.b64encode(data).decode()
    file = await ok(
        rt, "ingest_file", {"ui_name": name, "filename": name, "file_content_base64": encoded}
    )
    await ok(
        rt,
        "save_materialization",
        {"file_id": file["artifact_id"], "boundary_contract_id": file["boundary_contract_id"]},
    )
    return str(file["artifact_id"])


async def journey(rt: Runtime, journey_id: str, params: dict[str, Any]) -> dict[str, Any]:
    result = await ok(rt, "compose_journey", {"journey_id": journey_id, "journey_params": params})
    return {s["step"]: s["result"] for s in result["steps"]}


def test_every_shipped_journey_and_solution_names_registered_intents() -> None:
    registry = build_registry()  # check() runs inside and raises on a dangling name
    assert {j.journey_id for j in registry.journeys()} >= {
        "content_ingest_pipeline",
        "data_quality_pipeline",
        "sop_to_coexistence",
        "sop_to_approved_blueprint",
    }
    assert {s.solution_id for s in registry.solutions()} >= {
        "content_intelligence",
        "data_insights",
        "process_coexistence",
    }


async def test_file_to_embeddings_and_quality_report(rt: Runtime) -> None:
    file_id = await saved_file(rt, customers_csv(), "customers.csv")
    steps = await journey(rt, "data_quality_pipeline", {"file_id": file_id})
    parsed_id = steps["parse"]["parsed_file_id"]
    assert steps["parse"]["record_count"] == 20
    assert steps["semantic"]["parsed_file_id"] == parsed_id
    quality = steps["quality"]
    assert quality["parsed_file_id"] == parsed_id
    assert quality["source_file_id"] == file_id
    [table] = quality["tables"]
    columns = {c["name"]: c for c in table["columns"]}
    assert columns["balance"]["missing"] == 3  # the file has 3 missing balances
    assert columns["customer_email"]["invalid"] == 1  # and one malformed email


async def test_sop_to_workflow_to_coexistence(rt: Runtime) -> None:
    file_id = await saved_file(rt, SOP_MARKDOWN.encode(), "invoice_sop.md")
    steps = await journey(rt, "sop_to_coexistence", {"file_id": file_id})
    workflow = steps["workflow"]
    assert workflow["source"] == "parsed_sop"
    assert steps["coexistence"]["workflow_id"] == workflow["workflow_artifact_id"]
    # "Request the purchase order from the supplier" is automate by meaning (it was assist only
    # because no keyword rule matched it and assist was the default).
    assert steps["coexistence"]["summary"] == {"automate": 6, "assist": 0, "keep-human": 2}
    assert steps["optimize"]["workflow_id"] == workflow["workflow_artifact_id"]


async def start_blueprint_journey(rt: Runtime) -> tuple[str, PendingIntentView]:
    file_id = await saved_file(rt, SOP_MARKDOWN.encode(), "invoice_sop.md")
    params = {"journey_id": "sop_to_approved_blueprint", "journey_params": {"file_id": file_id}}
    sub = await rt.submit(SubmitIntent(T, "compose_journey", params, session_id="s1", user_id="u1"))
    async with asyncio.timeout(120):
        while True:
            page = await rt.pending.list(T, intent_type="approval", status="pending")
            mine = [p for p in page.intents if p.context["parent_execution_id"] == sub.execution_id]
            if mine:
                return sub.execution_id, mine[0]
            await asyncio.sleep(0.05)


async def test_sop_to_approved_blueprint_waits_for_sign_off_then_exports_a_pdf(
    rt: Runtime,
) -> None:
    parent, approval = await start_blueprint_journey(rt)
    # The reviewer sees what they are signing off, taken from the analysis itself.
    details = approval.context["details"]
    assert details["summary"] == {"automate": 6, "assist": 0, "keep-human": 2}
    kids, _ = await rt.store.list_executions(T, parent_execution_id=parent)
    assert "create_blueprint" not in {k.intent_type for k in kids}  # nothing past the gate yet
    await rt.pending.decide(T, approval.intent_id, approve=True, decided_by="lead", comment="ok")
    final = await rt.wait(T, parent, timeout=120)
    assert final.status == "completed", final.error
    steps = {s["step"]: s["result"] for s in final.result["steps"]}
    assert (steps["review"]["decided_by"], steps["review"]["comment"]) == ("lead", "ok")
    blueprint = steps["blueprint"]
    assert blueprint["coexistence_analysis_id"] == details["coexistence_analysis_id"]
    assert blueprint["optimization_id"] == steps["optimize"]["optimization_id"]
    export = steps["export"]
    assert (export["artifact_id"], export["media_type"]) == (
        blueprint["blueprint_id"],
        "application/pdf",
    )
    _, chunks = await rt.artifacts.open_content(T, export["export_id"])
    pdf = b"".join([chunk async for chunk in chunks])
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) == export["size"]


async def test_a_rejected_blueprint_review_stops_the_journey_at_the_gate(rt: Runtime) -> None:
    parent, approval = await start_blueprint_journey(rt)
    await rt.pending.decide(
        T, approval.intent_id, approve=False, decided_by="lead", comment="keep approvals human"
    )
    final = await rt.wait(T, parent, timeout=120)
    assert final.status == "failed"
    problem = final.error.model_dump()
    assert problem["type"].endswith("/journey-step-failed")
    assert problem["step"] == "review"
    assert "keep approvals human" in problem["step_error"]["detail"]
    kids, _ = await rt.store.list_executions(T, parent_execution_id=parent)
    assert not {"create_blueprint", "export_artifact"} & {k.intent_type for k in kids}


async def test_monitoring_dashboard_runs_with_the_callers_admin_role(rt: Runtime) -> None:
    for x in range(3):
        await ok(rt, "echo", {"message": x})
    params = {"journey_id": "platform_monitoring_dashboard", "journey_params": {}}
    result = await ok(rt, "compose_journey", params, roles=("admin",))
    steps = {s["step"]: s["result"] for s in result["steps"]}
    assert set(steps) == {"statistics", "metrics", "system", "realms"}
    echo = next(m for m in steps["metrics"]["by_intent"] if m["intent_type"] == "echo")
    assert echo["completed"] == 3


async def test_monitoring_dashboard_refuses_a_member(rt: Runtime) -> None:
    params = {"journey_id": "platform_monitoring_dashboard", "journey_params": {}}
    view = await run(rt, "compose_journey", params, roles=("member",))
    assert view.status == "failed"
    problem = view.error.model_dump()
    assert problem["type"].endswith("/journey-step-failed")
    assert problem["step_error"]["type"].endswith("/forbidden")


async def test_roles_cannot_be_smuggled_in_through_metadata(rt: Runtime) -> None:
    params = {"journey_id": "platform_monitoring_dashboard", "journey_params": {}}
    forged = {"submitted_by_roles": ["admin"], "submitted_anonymously": False}
    sub = await rt.submit(
        SubmitIntent(T, "compose_journey", params, user_id="u1", roles=("member",), metadata=forged)
    )
    view = await rt.wait(T, sub.execution_id, timeout=60)
    assert view.status == "failed"
    assert view.error.model_dump()["step_error"]["type"].endswith("/forbidden")
