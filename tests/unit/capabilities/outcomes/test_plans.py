"""create_blueprint, generate_roadmap and create_poc, built from real analyses of a real SOP."""

from __future__ import annotations

from collections import Counter

from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import T, bpmn_with_lanes, fails, ok, parsed_id
from tests.unit.capabilities.outcomes._chain import chain


async def test_blueprint_moves_tasks_to_their_target_owners(rt: Runtime) -> None:
    c = await chain(rt)
    bp = await ok(rt, "create_blueprint", {"workflow_id": c.workflow})
    # the latest analyses of the workflow are found through its lineage
    assert (bp["coexistence_analysis_id"], bp["optimization_id"]) == (c.analysis, c.optimization)
    assert bp["analysis_source"] == "artifact"
    rows = {r["task"]: r for r in bp["responsibility_matrix"]}
    assert rows["Enter the invoice in the ledger"]["responsible"] == "Platform (automated)"
    assert rows["Enter the invoice in the ledger"]["accountable"] == "Clerk"
    # classed by meaning as system work (it took the default class, assist, before)
    assert rows["Request the purchase order from the supplier"]["responsible"] == (
        "Platform (automated)"
    )
    current, target = bp["current_state"], bp["target_state"]
    assert current["tasks_per_owner"] == {
        "Accounts Payable": 1,
        "Buyer": 2,
        "Clerk": 3,
        "Finance Manager": 1,
        "Unassigned": 1,
    }
    assert target["automated_tasks"] == 6
    assert target["human_tasks"] == 2
    assert target["handoffs"] < current["handoffs"]
    # the optimization of this workflow found nothing to change, so no process-change phase
    assert [p["name"] for p in bp["phases"]] == [
        "Automate routine steps",
        "Rework exception handling",
    ]
    assert len(bp["phases"][0]["task_ids"]) == 5  # the exception-path one is reworked instead
    art = await rt.artifacts.resolve(T, bp["blueprint_id"], "blueprint")
    assert set(art.parent_artifacts) == {c.workflow, c.analysis, c.optimization}


async def test_blueprint_without_an_analysis_uses_the_packaged_rules(rt: Runtime) -> None:
    wf = await ok(
        rt,
        "create_workflow",
        {"workflow_description": "Clerk: record the form\nManager: sign the form"},
    )
    bp = await ok(rt, "create_blueprint", {"workflow_id": wf["workflow_artifact_id"]})
    assert bp["analysis_source"] == "packaged_rules"
    assert bp["coexistence_analysis_id"] is None
    assert [r["classification"] for r in bp["responsibility_matrix"]] == ["automate", "keep-human"]


async def test_phased_roadmap_from_analyses_and_a_quality_report(rt: Runtime) -> None:
    c = await chain(rt)
    assert c.quality_grade != "A"  # the customer file has nulls and a malformed email
    goals = ["Faster invoice cycle time", "Trustworthy customer data quality"]
    claims = await parsed_id(rt, bpmn_with_lanes().encode(), "claims.bpmn")
    claims_opt = (await ok(rt, "optimize_process", {"workflow_id": claims}))["optimization_id"]
    rm = await ok(
        rt,
        "generate_roadmap",
        {
            "goals": goals,
            "source_ids": [c.analysis, claims_opt, c.quality],
            "start_date": "2027-01-04",
        },
    )
    kinds = Counter(i["kind"] for i in rm["items"])
    assert kinds["automate"] == 6
    assert kinds["assist"] == 0
    assert kinds["data_quality"] == 1
    assert kinds["process_change"] == 5
    assert rm["items_source"] == "artifacts"
    parallel = next(i for i in rm["items"] if i["title"].startswith("Run "))
    assert parallel["goal"] == goals[0]
    assert parallel["task_ids"] == ["t2", "t3"]
    quality_item = next(i for i in rm["items"] if i["kind"] == "data_quality")
    assert quality_item["goal"] == goals[1]
    assert quality_item["source_artifact_id"] == c.quality
    assert [p["name"] for p in rm["phases"]][:3] == [
        "Fix the data",
        "Automate routine steps",
        "Change the process",  # no assist task left (it was one only by default)
    ]
    first = rm["phases"][0]
    assert first["week_start"] == 1
    assert first["start_date"] == "2027-01-04"
    assert rm["phases"][1]["week_start"] == first["week_end"] + 1
    assert rm["total_weeks"] == rm["phases"][-1]["week_end"]
    assert rm["unaddressed_goals"] == []
    art = await rt.artifacts.resolve(T, rm["roadmap_id"], "roadmap")
    assert set(art.parent_artifacts) == {c.analysis, claims_opt, c.quality}

    quick = await ok(
        rt,
        "generate_roadmap",
        {"goals": goals, "roadmap_type": "quick_wins", "source_ids": [c.analysis]},
    )
    assert [(p["name"], p["week_start"], p["week_end"]) for p in quick["phases"]] == [
        ("Quick wins", 1, 1),  # the one medium effort was the default-assist task
    ]
    by_goal = await ok(
        rt,
        "generate_roadmap",
        {
            "goals": ["Happier auditors"],
            "roadmap_type": "by_goal",
            "source_ids": [c.analysis],
        },
    )
    assert by_goal["unaddressed_goals"] == ["Happier auditors"]
    assert [p["name"] for p in by_goal["phases"]] == ["Other improvements"]


async def test_roadmap_from_goals_alone_needs_the_model(rt: Runtime) -> None:
    await fails(rt, "generate_roadmap", {"goals": ["Grow"]}, "reasoning-not-configured")
    wf = await ok(rt, "create_workflow", {"workflow_description": "Clerk: file the form"})
    await fails(
        rt,
        "generate_roadmap",
        {"goals": ["Grow"], "source_ids": [wf["workflow_artifact_id"]]},
        "invalid-request",
    )


async def test_poc_scope_criteria_and_risks_from_the_analysis(rt: Runtime) -> None:
    c = await chain(rt)
    poc = await ok(
        rt,
        "create_poc",
        {
            "description": "Pilot touchless invoice processing. Measure the time saved.",
            "source_ids": [c.analysis],
            "duration_weeks": 4,
            "success_criteria": ["No late payments"],
        },
    )
    assert poc["title"] == "Pilot touchless invoice processing"
    # Scoped by relevance to "touchless invoice processing" (receive, pay) plus the automatable
    # steps between them in the dependency graph; it used to be the first five automate tasks
    # whatever the description said (issue #21), e.g. "Check the purchase order".
    assert [(s["item"], s["why"]) for s in poc["scope"]] == [
        ("Receive the invoice", "related to the goal"),
        ("Enter the invoice in the ledger", "needed between scoped tasks"),
        ("Validate the totals", "needed between scoped tasks"),
        ("Pay the invoice", "related to the goal"),
    ]
    assert poc["scope"][0]["relevance"] >= 0.45
    assert [w["week"] for w in poc["plan"]] == [1, 2, 3, 4]
    assert all(w["activities"] for w in poc["plan"])
    assert poc["plan"][1]["items"] == ["Receive the invoice", "Enter the invoice in the ledger"]
    assert poc["success_criteria"][0] == "No late payments"
    assert (
        "'Pay the invoice' runs without manual work on the pilot cases" in poc["success_criteria"]
    )
    assert any(
        r.startswith("'Approve the invoice' stays with Finance Manager") for r in poc["risks"]
    )
    assert any("Request the purchase order" in r for r in poc["risks"])
    plain = await ok(
        rt, "create_poc", {"description": "Try OCR on scanned forms. Compare error rates."}
    )
    assert [s["item"] for s in plain["scope"]] == [
        "Try OCR on scanned forms",
        "Compare error rates",
    ]
    assert plain["risks"] == [
        "The scope comes from the description only; no workflow analysis backs it."
    ]
