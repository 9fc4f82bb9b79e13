"""create_poc and generate_roadmap on the clinic visit of issue #21: scoped by meaning."""

from __future__ import annotations

from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._clinic import CLINIC_STEPS
from tests.unit.capabilities.operations._ops import ok


async def _analysis(rt: Runtime) -> str:
    wf = await ok(rt, "create_workflow", {"workflow_description": CLINIC_STEPS})
    result = await ok(rt, "analyze_coexistence", {"workflow_id": wf["workflow_artifact_id"]})
    return str(result["coexistence_analysis_id"])


async def test_poc_for_insurer_invoicing_scopes_the_invoicing_tasks(rt: Runtime) -> None:
    poc = await ok(
        rt,
        "create_poc",
        {"description": "Automate insurer invoicing", "source_ids": [await _analysis(rt)]},
    )
    scope = [s["item"] for s in poc["scope"]]
    assert scope == [
        "Generate the insurer invoice for the patient (5 min)",
        "Send the invoice to the insurer (5 min)",
    ]
    assert all(s["relevance"] >= 0.45 and s["why"] == "related to the goal" for s in poc["scope"])
    # its prerequisite stays with the process as it is: named, not scoped
    assert poc["scope"][0]["inputs_from_process"] == [
        "Examine the patient using the vital signs (15 min)"
    ]
    assert "related in meaning" in poc["scope_basis"]
    assert len(poc["plan"]) == 6
    for week in poc["plan"]:
        assert week["activities"], f"week {week['week']} is empty"
        assert set(week["items"]) <= set(scope)
    assert poc["plan"][0]["activities"][0] == "Set up access and measure the baseline"
    assert poc["plan"][-1]["activities"][-1] == "Evaluate against the success criteria and decide"


async def test_a_short_pilot_still_fills_every_week_in_order(rt: Runtime) -> None:
    poc = await ok(
        rt,
        "create_poc",
        {
            "description": "Automate insurer invoicing",
            "source_ids": [await _analysis(rt)],
            "duration_weeks": 12,
        },
    )
    flat = [a for w in poc["plan"] for a in w["activities"]]
    assert all(w["activities"] for w in poc["plan"])
    assert list(dict.fromkeys(flat))[:3] == [
        "Set up access and measure the baseline",
        "Build: Generate the insurer invoice for the patient (5 min)",
        "Test on past cases: Generate the insurer invoice for the patient (5 min)",
    ]


async def test_roadmap_benefits_relate_to_their_items(rt: Runtime) -> None:
    wf = await ok(rt, "create_workflow", {"workflow_description": CLINIC_STEPS})
    opt = await ok(rt, "optimize_process", {"workflow_id": wf["workflow_artifact_id"]})
    goals = ["better data quality", "reduce cycle time"]
    rm = await ok(
        rt,
        "generate_roadmap",
        {"goals": goals, "source_ids": [await _analysis(rt), opt["optimization_id"]]},
    )
    by_title = {i["title"]: i for i in rm["items"]}
    examine = next(t for t in by_title if "Examine the patient" in t)
    assert by_title[examine]["goal"] != "better data quality"
    parallel = next(i for i in rm["items"] if i["title"].startswith("Run in parallel"))
    assert parallel["goal"] == "reduce cycle time"
    assert parallel["goal_match"]["score"] >= 0.45
    for item in rm["items"]:
        match = item["goal_match"]
        assert match["related"] == (item["goal"] is not None)
        assert match["matched_text"] in [item["title"], *item["benefits"]]
    assert rm["unaddressed_goals"] == ["better data quality"]
