"""Dependency-aware optimize_process on the clinic visit of issue #21."""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.operations._steps import read_step
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._clinic import CLINIC_STEPS
from tests.unit.capabilities.operations._ops import ok


def test_step_text_names_what_a_step_makes_and_uses() -> None:
    write = read_step("Write the prescription for the patient (5 min)")
    dispense = read_step("Dispense the medication per the prescription")
    assert (write.verb, write.writes, write.reads, write.minutes) == (
        "write",
        ("prescription",),
        ("patient",),
        5.0,
    )
    assert "prescription" in dispense.reads  # consumed, so it must wait for the writer
    assert read_step("Measure the vital signs (1.5 h)").writes == ("vital", "sign")
    assert read_step("Measure the vital signs (1.5 h)").minutes == 90.0


async def _clinic(rt: Runtime, goals: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    wf = await ok(
        rt, "create_workflow", {"workflow_description": CLINIC_STEPS, "workflow_name": "Clinic"}
    )
    ids = {t["name"].split(" (")[0]: t["task_id"] for t in wf["tasks"]}
    result = await ok(
        rt, "optimize_process", {"workflow_id": wf["workflow_artifact_id"], "goals": goals}
    )
    return result, ids


def _together(candidate: dict[str, Any], a: str, b: str) -> bool:
    """Whether a and b are in different branches of one candidate (proposed side by side)."""
    homes = [i for i, br in enumerate(candidate["branches"]) for t in br if t in (a, b)]
    return len(homes) == 2 and homes[0] != homes[1]


async def test_prescription_and_dispensing_are_never_parallel(rt: Runtime) -> None:
    result, ids = await _clinic(rt, ["reduce cycle time"])
    write, dispense = (
        ids["Write the prescription for the patient"],
        ids["Dispense the medication per the prescription"],
    )
    deps = {(d["from_task_id"], d["to_task_id"]): d for d in result["dependencies"]}
    assert deps[(write, dispense)]["kind"] == "data"
    assert "prescription" in deps[(write, dispense)]["evidence"][0]
    candidates = result["parallel_candidates"]
    assert candidates, "invoicing and scheduling do not wait for the prescription"
    assert not any(_together(c, write, dispense) for c in candidates)
    (main,) = [c for c in candidates if write in c["task_ids"]]
    assert main["after_task_id"] == ids["Examine the patient using the vital signs"]
    assert main["branches"] == [
        [write, dispense],
        [
            ids["Generate the insurer invoice for the patient"],
            ids["Send the invoice to the insurer"],
        ],
        [ids["Schedule the follow-up appointment for the patient"]],
    ]


async def test_cycle_time_and_critical_path_from_the_stated_durations(rt: Runtime) -> None:
    result, ids = await _clinic(rt, [])
    cycle = result["cycle_time"]
    assert (cycle["unit"], cycle["as_is"], cycle["to_be"]) == ("minutes", 60.0, 45.0)
    assert cycle["method"] == "every step states its duration"
    assert cycle["critical_path"] == [
        ids[n]
        for n in (
            "Register the patient",
            "Measure the vital signs of the patient",
            "Examine the patient using the vital signs",
            "Write the prescription for the patient",
            "Dispense the medication per the prescription",
        )
    ]
    assert {d["source"] for d in cycle["durations"]} == {"given"}


async def test_missing_durations_are_estimated_and_said_so(rt: Runtime) -> None:
    text = CLINIC_STEPS.replace(" (5 min)", "")
    wf = await ok(rt, "create_workflow", {"workflow_description": text})
    result = await ok(rt, "optimize_process", {"workflow_id": wf["workflow_artifact_id"]})
    cycle = result["cycle_time"]
    assert "median (10 min) of the 3 given" in cycle["method"]
    assert cycle["as_is"] == 35.0 + 5 * 10.0
    assert sorted(d["source"] for d in cycle["durations"]).count("estimated") == 5


async def test_reduce_cycle_time_matches_parallel_and_critical_path_advice(rt: Runtime) -> None:
    result, _ = await _clinic(rt, ["reduce cycle time", "fewer billing errors"])
    recs = result["recommendations"]
    speed = [r for r in recs if r["category"] in ("parallelize", "shorten_critical_path")]
    assert speed
    assert all(r["matches_goals"] for r in speed)
    for rec in speed:
        match = rec["goal_match"]
        assert match["goal"] == "reduce cycle time"
        assert match["method"] == "embedding"
        assert match["score"] >= result["goal_threshold"]
        assert rec["evidence"]
    assert recs[0]["category"] in ("parallelize", "shorten_critical_path")
