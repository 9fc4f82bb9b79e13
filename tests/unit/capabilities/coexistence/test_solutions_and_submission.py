"""Solutions (catalogue, navigation, context) and the guide running intents for the user."""

from __future__ import annotations

import pytest

from symphainy.errors import IntentNotFound, InvalidRequest
from symphainy.runtime import Runtime, SubmitIntent
from tests.unit.capabilities.coexistence.test_coexistence_intents import ANON, anon_session
from tests.unit.capabilities.security.conftest import PASSWORD, ok, problem, signup
from tests.unit.capabilities.security.test_credentials import everything_stored


async def test_solution_catalogue_lists_registered_solutions(rt: Runtime) -> None:
    out = await ok(rt, "show_solution_catalog", {}, ANON)
    ids = [s["solution_id"] for s in out["solutions"]]
    assert ids == sorted(s.solution_id for s in rt.registry.solutions())
    assert out["count"] == len(ids) >= 1
    content = next(s for s in out["solutions"] if s["solution_id"] == "content_intelligence")
    assert content["journeys"][0]["journey_id"] == "content_ingest_pipeline"
    assert "ingest_file" in content["intents"]
    assert "ingest_file" not in content["runnable_intents"], "anonymous callers cannot ingest"
    only = await ok(rt, "show_solution_catalog", {"category": "insights"}, ANON)
    assert only["count"] >= 1
    assert all("insights" in s["realms"] for s in only["solutions"])


async def test_navigate_establish_and_get_context_in_a_session(rt: Runtime) -> None:
    acct = await signup(rt, "nav@example.com")
    session = await rt.create_session(acct.tenant_id, user_id=acct.user_id)
    kw = {"session_id": session.session_id, "user_id": acct.user_id}
    go = await ok(
        rt, "navigate_to_solution", {"solution_id": "content_intelligence"}, acct.tenant_id, **kw
    )
    assert go["current_solution_id"] == "content_intelligence"
    assert go["start_with"] == "compose_journey"
    assert go["start_parameters"]["journey_id"] == "content_ingest_pipeline"
    missing = await problem(rt, "get_solution_context", {}, acct.tenant_id, **kw)
    assert missing == "not-found"
    ctx = {
        "solution_id": "content_intelligence",
        "user_context": {"goals": ["load claims"], "tenant_id": "t_forged"},
        "solution_structure": {"pillar": "content"},
    }
    made = await ok(rt, "establish_solution_context", ctx, acct.tenant_id, **kw)
    assert made["user_context"] == {"goals": ["load claims"]}
    got = await ok(rt, "get_solution_context", {}, acct.tenant_id, **kw)
    assert got == made
    unknown = {"solution_id": "no_such_solution"}
    assert await problem(rt, "navigate_to_solution", unknown, acct.tenant_id, **kw) == (
        "solution-not-found"
    )


async def test_the_guide_submits_an_intent_for_the_user(rt: Runtime) -> None:
    sid = await anon_session(rt, "guest-9")
    tenant = "anon:guest-9"
    gid = (await ok(rt, "initiate_guide_agent", {}, tenant, session_id=sid))["guide_session_id"]
    ask = {
        "guide_session_id": gid,
        "message": "please echo hello for me",
        "submit_intent": {"intent_type": "echo", "parameters": {"message": "hello"}},
    }
    out = await ok(rt, "process_guide_agent_message", ask, tenant, session_id=sid)
    child = out["submitted"]
    assert child["intent_type"] == "echo"
    done = await rt.wait(tenant, child["execution_id"], timeout=20)
    assert done.status == "completed"
    assert done.result == {"echo": "hello"}
    assert done.session_id == sid
    assert done.parent_execution_id is not None
    # Never more than the user may do: anonymous users cannot ingest through the guide either.
    # (valid parameters: relayed ones are checked against ingest_file's contract at submit)
    relayed = {"intent_type": "ingest_file", "parameters": {"ui_name": "notes.txt"}}
    ingest = {**ask, "submit_intent": relayed}
    assert await problem(rt, "process_guide_agent_message", ingest, tenant, session_id=sid) == (
        "forbidden"
    )
    # Refused at submit, before anything is recorded: a relayed password would be written
    # down with the guide's own parameters; unknown and guide intents are refused alike.
    secret = {
        **ask,
        "submit_intent": {
            "intent_type": "authenticate_user",
            "parameters": {"email": "a@example.com", "password": PASSWORD},
        },
    }
    for refused, error in [
        (secret, InvalidRequest),
        ({**ask, "submit_intent": {"intent_type": "initiate_guide_agent"}}, InvalidRequest),
        ({**ask, "submit_intent": {"intent_type": "no_such_intent"}}, IntentNotFound),
    ]:
        with pytest.raises(error):
            await rt.submit(
                SubmitIntent(tenant, "process_guide_agent_message", refused, session_id=sid)
            )
    assert PASSWORD not in await everything_stored(rt)
