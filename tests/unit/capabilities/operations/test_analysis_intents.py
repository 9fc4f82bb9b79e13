"""analyze_coexistence and optimize_process on workflows built from real SOPs and BPMN files."""

from __future__ import annotations

import pytest

from symphainy.capabilities.operations._coexistence import packaged_rules
from symphainy.errors import InvalidParameters
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import (
    SOP_MARKDOWN,
    T,
    bpmn_with_lanes,
    ok,
    parsed_id,
    run,
)


def test_packaged_rules_load_in_order() -> None:
    book = packaged_rules()
    # The keyword rules (prefixes: "sign" matched "signs") are gone: meaning classes the rest.
    assert [r.id for r in book.rules] == ["modelled-as-system-work", "physical-work"]
    assert book.default.classification == "assist"


async def test_sop_workflow_tasks_are_classified_with_reasons(rt: Runtime) -> None:
    sop_file = await parsed_id(rt, SOP_MARKDOWN.encode(), "invoice_sop.md")
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    result = await ok(rt, "analyze_coexistence", {"workflow_id": wf["workflow_artifact_id"]})
    by_name = {t["name"]: t for t in result["tasks"]}
    assert {n: t["classification"] for n, t in by_name.items()} == {
        "Receive the invoice": "automate",
        "Enter the invoice in the ledger": "automate",
        "Check the purchase order": "automate",
        "Validate the totals": "automate",
        "Approve the invoice": "keep-human",
        "Pay the invoice": "automate",
        # No rule matched it before, so it took the default class (assist); sending a
        # standard request is system work by meaning.
        "Request the purchase order from the supplier": "automate",
    }
    assert by_name["Validate the totals"]["rule_id"] == "modelled-as-system-work"
    assert "task type serviceTask" in by_name["Validate the totals"]["reasons"][1]
    approve = by_name["Approve the invoice"]
    assert (approve["method"], approve["rule_id"]) == ("meaning", None)
    assert approve["nearest"][0]["classification"] == "keep-human"
    assert approve["scores"]["keep-human"] == max(approve["scores"].values())
    assert approve["reasons"][0].startswith("Closest in meaning to keep-human tasks")
    assert by_name["Request the purchase order from the supplier"]["on_exception_path"] is True
    assert result["summary"] == {"automate": 6, "assist": 0, "keep-human": 2}
    assert result["automation_potential"] == round(6 / 8, 4)
    assert result["workflow_id"] == wf["workflow_artifact_id"]
    lineage = await rt.artifacts.lineage(T, result["coexistence_analysis_id"])
    assert lineage.parents == [wf["workflow_artifact_id"]]
    assert sop_file in {a.artifact_id for a in lineage.ancestors}


async def test_caller_rules_come_first_or_replace(rt: Runtime) -> None:
    bpmn_file = await parsed_id(rt, bpmn_with_lanes().encode(), "claims.bpmn")
    own = {
        "id": "managers-approve-with-help",
        "classification": "assist",
        "reason": "Managers get a prepared recommendation.",
        "keywords": ["approve"],
        "roles": ["manager"],
    }
    result = await ok(
        rt,
        "analyze_coexistence",
        {
            "workflow_id": bpmn_file,
            "analysis_options": {"rules": [own]},
        },
    )
    by_id = {t["task_id"]: t for t in result["tasks"]}
    assert by_id["t5"]["rule_id"] == "managers-approve-with-help"
    assert by_id["t5"]["classification"] == "assist"
    assert by_id["t4"]["classification"] == "keep-human"  # the adjuster's approval: packaged rule
    assert result["rules_applied"][0] == "managers-approve-with-help"
    only = await ok(
        rt,
        "analyze_coexistence",
        {
            "workflow_id": bpmn_file,
            "analysis_options": {
                "rules": [own],
                "replace_default_rules": True,
                "default_classification": "keep-human",
            },
        },
    )
    assert [t["rule_id"] for t in only["tasks"]].count("default-override") == 5
    assert only["summary"] == {"automate": 0, "assist": 1, "keep-human": 5}
    with pytest.raises(InvalidParameters):
        await run(
            rt,
            "analyze_coexistence",
            {
                "workflow_id": bpmn_file,
                "analysis_options": {"rules": [{"id": "x"}]},
            },
        )


async def test_optimize_finds_parallel_work_double_approval_handoffs_and_rework(
    rt: Runtime,
) -> None:
    bpmn_file = await parsed_id(rt, bpmn_with_lanes().encode(), "claims.bpmn")
    wf = await ok(rt, "create_workflow", {"parsed_file_id": bpmn_file})
    result = await ok(
        rt, "optimize_process", {"workflow_id": wf["workflow_artifact_id"], "goals": ["cost"]}
    )
    assert [c["task_ids"] for c in result["parallel_candidates"]] == [["t2", "t3"]]
    assert [
        (a["first_task_id"], a["second_task_id"], a["shared_objects"])
        for a in result["redundant_approvals"]
    ] == [("t4", "t5", ["claim"])]
    assert len(result["handoffs"]) == 6
    assert result["rework_loops"] == [["t4", "t1"]]
    metrics = result["metrics"]
    assert (metrics["sequential_depth"], metrics["depth_if_parallelized"]) == (6, 5)
    assert (metrics["handoff_count"], metrics["approval_count"], metrics["roles"]) == (6, 2, 4)
    recs = result["recommendations"]
    assert recs[0]["matches_goals"] is True
    assert recs[-1]["matches_goals"] is False
    assert {r["category"] for r in recs} == {
        "parallelize",
        "remove_approval",
        "reduce_handoffs",
        "rework",
    }
    assert recs[-1]["category"] == "parallelize"  # speed is not a goal here
    art = await rt.artifacts.resolve(T, result["optimization_id"], "optimization")
    assert art.parent_artifacts == [wf["workflow_artifact_id"]]


async def test_a_straight_single_role_process_has_nothing_to_optimise(rt: Runtime) -> None:
    wf = await ok(
        rt,
        "create_workflow",
        {"workflow_description": "Clerk: open the mail\nClerk: sort the mail"},
    )
    result = await ok(rt, "optimize_process", {"workflow_id": wf["workflow_artifact_id"]})
    assert result["parallel_candidates"] == []
    assert result["handoffs"] == []
    assert result["recommendations"] == []
    assert result["metrics"]["sequential_depth"] == 2
