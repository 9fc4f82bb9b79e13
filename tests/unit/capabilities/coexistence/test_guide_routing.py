"""The guide routes by meaning (issue #21 item 4): the tester's questions, through the runtime."""

from __future__ import annotations

import re
from typing import Any

from symphainy.runtime import Runtime, SubmitIntent

T, SESSION = "tenant-g", "sess-g"


async def ask(rt: Runtime, message: str) -> dict[str, Any]:
    if await rt.store.get_session(T, SESSION) is None:
        await rt.create_session(T, session_id=SESSION)
    started = await rt.submit(SubmitIntent(T, "initiate_guide_agent", {}, session_id=SESSION))
    gid = (await rt.wait(T, started.execution_id, timeout=60)).result["guide_session_id"]
    params = {"guide_session_id": gid, "message": message}
    sub = await rt.submit(
        SubmitIntent(T, "process_guide_agent_message", params, session_id=SESSION)
    )
    view = await rt.wait(T, sub.execution_id, timeout=60)
    assert view.status == "completed", view.error
    result: dict[str, Any] = view.result
    return result


async def test_a_data_question_goes_to_data_quality_not_to_sign_in(rt: Runtime) -> None:
    out = await ask(rt, "check how clean my spreadsheet of customers is")
    ranked = [m["intent_type"] for m in out["matches"]]
    assert out["method"] == "meaning"
    assert ranked[0] == "assess_data_quality"
    assert not {"check_email_availability", "authenticate_user", "validate_solution"} & set(ranked)
    assert out["confidence"] == out["matches"][0]["score"]


async def test_which_steps_could_be_automated_goes_to_coexistence(rt: Runtime) -> None:
    out = await ask(rt, "which steps could be automated?")
    assert out["matches"][0]["intent_type"] == "analyze_coexistence"


async def test_a_vague_question_gets_a_clarifying_question(rt: Runtime) -> None:
    out = await ask(rt, "can you help me with my stuff?")
    question = out["clarifying_question"]
    assert question is not None
    assert question.startswith("I am not sure what you want to do. Did you mean ")
    named = re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", question)
    assert 2 <= len(named) <= 3
    assert out["confidence"] < 0.5
    assert question in out["answer"]


async def test_session_plumbing_only_when_asked_for_plainly(rt: Runtime) -> None:
    sign_off = await ask(rt, "have my manager sign off before the next step runs")
    ranked = [m["intent_type"] for m in sign_off["matches"]]
    assert ranked[0] == "request_approval"
    assert not {"terminate_session", "refresh_session"} & set(ranked)
    out = await ask(rt, "sign me out")
    assert out["matches"][0]["intent_type"] == "terminate_session"
