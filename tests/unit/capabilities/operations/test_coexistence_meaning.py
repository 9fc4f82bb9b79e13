"""analyze_coexistence classes tasks by meaning (issue #21 item 1): the tester's cases."""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.operations._lemmas import action, lemmas
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import ok

STEPS = ["Measure the vital signs", "Sign the consent form", "Issue the invoice"]


async def analyse(rt: Runtime, steps: list[str], **options: Any) -> dict[str, Any]:
    sop = [{"number": i, "action": s, "role": "Nurse"} for i, s in enumerate(steps, 1)]
    wf = await ok(rt, "create_workflow", {"steps": sop})
    params = {"workflow_id": wf["workflow_artifact_id"], "analysis_options": options}
    result: dict[str, Any] = await ok(rt, "analyze_coexistence", params)
    return {t["name"]: t for t in result["tasks"]} | {"": result}


async def test_vital_signs_are_not_kept_human_for_the_word_sign(rt: Runtime) -> None:
    vitals = (await analyse(rt, STEPS))["Measure the vital signs"]
    assert vitals["method"] == "meaning"
    assert vitals["rule_id"] is None
    assert vitals["classification"] != "keep-human"
    assert not any("sign" in n["example"].lower() for n in vitals["nearest"][:1])
    assert all("'sign'" not in r for r in vitals["reasons"])


async def test_signing_a_consent_form_stays_human_with_its_evidence(rt: Runtime) -> None:
    tasks = await analyse(rt, STEPS)
    sign = tasks["Sign the consent form"]
    assert (sign["classification"], sign["method"]) == ("keep-human", "meaning")
    nearest = sign["nearest"][0]
    assert nearest == {
        "example": "Sign the lease agreement",
        "classification": "keep-human",
        "similarity": nearest["similarity"],
    }
    assert nearest["similarity"] > 0.5
    assert sign["scores"]["keep-human"] > max(sign["scores"]["automate"], sign["scores"]["assist"])
    assert "Sign the lease agreement" in sign["reasons"][1]
    assert tasks[""]["categories_version"]


async def test_the_same_tasks_get_the_same_answer(rt: Runtime) -> None:
    first, second = await analyse(rt, STEPS), await analyse(rt, list(reversed(STEPS)))
    for step in STEPS:
        keys = ("classification", "scores", "nearest", "reasons")
        assert {k: first[step][k] for k in keys} == {k: second[step][k] for k in keys}


async def test_caller_keywords_match_lemmas_not_prefixes(rt: Runtime) -> None:
    rule = {
        "id": "signatures",
        "classification": "keep-human",
        "reason": "A signature binds the clinic.",
        "keywords": ["sign"],
    }
    steps = ["Signed the form", "Check the signal strength", "Sign off the rota"]
    tasks = await analyse(rt, steps, rules=[rule])
    assert tasks["Signed the form"]["rule_id"] == "signatures"
    assert tasks["Sign off the rota"]["rule_id"] == "signatures"
    assert tasks["Check the signal strength"]["method"] == "meaning"  # "signal" is not "sign"
    assert "has the word(s) 'sign'" in tasks["Signed the form"]["reasons"][1]


def test_lemmas_fold_inflections_and_keep_other_words_apart() -> None:
    assert lemmas("Signs, signed; signing the patient's signature") == [
        "sign",
        "sign",
        "sign",
        "the",
        "patient",
        "signature",
    ]
    assert action("Registered the patient") == "register"
    assert action("") == ""
