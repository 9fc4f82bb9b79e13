"""introduce_platform, list_available_mcp_tools and the guide agent on a real runtime."""

from __future__ import annotations

from pathlib import Path

from symphainy.reasoning.testing import FakeChatServer, Reply
from symphainy.runtime import Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.coexistence.conftest import registry
from tests.unit.capabilities.security.conftest import FAST, ok, problem, signup

ANON = "anon:guest-1"


async def anon_session(rt: Runtime, sid: str = "guest-1") -> str:
    view = await rt.create_session(f"anon:{sid}", anonymous=True, session_id=sid)
    return view.session_id


async def test_introduce_platform_for_an_anonymous_visitor(rt: Runtime) -> None:
    out = await ok(rt, "introduce_platform", {}, ANON)
    assert out["anonymous"] is True
    assert out["user_name"] is None
    assert out["greeting"].endswith("sign in for the rest.")
    realms = {r["realm"]: r["intents"] for r in out["realms"]}
    assert "ingest_file" not in realms["content"]
    assert "echo" in realms["content"]
    assert set(realms) == {"coexistence", "content", "security"}
    assert [s["intent_type"] for s in out["suggested_intents"]] == ["initiate_guide_agent"]
    assert (out["narrative"], out["narrative_status"]) == (None, "absent")


async def test_introduce_platform_for_a_user_with_goals(rt: Runtime) -> None:
    acct = await signup(rt, "lin@example.com")
    ctx = {"goals": ["upload a spreadsheet", "parse it"], "tenant_id": "t_forged"}
    out = await ok(
        rt, "introduce_platform", {"user_context": ctx}, acct.tenant_id, user_id=acct.user_id
    )
    assert out["user_name"] == "lin"
    assert out["role"] == "admin"
    assert not out["anonymous"]
    assert out["greeting"].startswith("Welcome to Symphainy, lin.")
    suggested = [s["intent_type"] for s in out["suggested_intents"]]
    assert suggested[:2] == ["parse_content", "ingest_file"]
    assert all(s["reason"].startswith("matches your goal") for s in out["suggested_intents"])


async def test_introduce_platform_narrates_with_a_provider(
    tmp_path: Path, llm: FakeChatServer
) -> None:
    llm.script(Reply(text="Welcome aboard."))
    settings = {**FAST, "reasoning_base_url": llm.url, "reasoning_model": "m"}
    async with local_runtime(registry(), home=tmp_path, **settings) as rt:
        acct = await signup(rt, "kim@example.com")
        params = {"user_context": {"tenant_id": "t_forged", "team": "claims"}}
        out = await ok(rt, "introduce_platform", params, acct.tenant_id, user_id=acct.user_id)
    assert (out["narrative"], out["narrative_status"]) == ("Welcome aboard.", "generated")
    prompt = llm.requests[0]["messages"][1]["content"]
    assert '"team": "claims"' in prompt
    assert '"name": "kim"' in prompt
    assert "t_forged" not in prompt, "identity hints from parameters are dropped"


async def test_list_available_mcp_tools(rt: Runtime) -> None:
    acct = await signup(rt, "tools@example.com")
    mine = await ok(rt, "list_available_mcp_tools", {}, acct.tenant_id, user_id=acct.user_id)
    names = [t["name"] for t in mine["tools"]]
    assert mine["count"] == len(names) == len(registry())
    echo = next(t for t in mine["tools"] if t["name"] == "echo")
    assert echo["input_schema"]["type"] == "object"
    assert "message" in echo["input_schema"]["properties"]
    public = await ok(rt, "list_available_mcp_tools", {}, ANON)
    assert "ingest_file" not in [t["name"] for t in public["tools"]]
    assert all(t["anonymous_ok"] for t in public["tools"])
    only = await ok(rt, "list_available_mcp_tools", {"realm": "security"}, ANON)
    assert {t["realm"] for t in only["tools"]} == {"security"}
    assert only["count"] == 6


async def test_the_guide_needs_a_session_and_keeps_its_conversation_there(rt: Runtime) -> None:
    assert await problem(rt, "initiate_guide_agent", {}, ANON) == "invalid-request"
    sid = await anon_session(rt)
    started = await ok(rt, "initiate_guide_agent", {}, ANON, session_id=sid)
    gid = started["guide_session_id"]
    assert started["resumed"] is False
    assert started["turns"] == 0
    assert "echo" in started["tools"]
    assert "ingest_file" not in started["tools"]
    ask = {"guide_session_id": gid, "message": "How do I check whether my email is free?"}
    out = await ok(rt, "process_guide_agent_message", ask, ANON, session_id=sid)
    assert out["turn"] == 1
    assert out["matches"][0]["intent_type"] == "check_email_availability"
    assert out["matches"][0]["required_parameters"] == ["email"]
    assert "check_email_availability (security)" in out["answer"]
    assert (out["narrative"], out["narrative_status"]) == (None, "absent")
    resumed = await ok(rt, "initiate_guide_agent", {"chat_session_id": gid}, ANON, session_id=sid)
    assert resumed["resumed"] is True
    assert resumed["turns"] == 1
    # Another session (same tenant) does not see this conversation.
    other = await rt.create_session(ANON, anonymous=True)
    wrong = {"guide_session_id": gid, "message": "hi"}
    assert (
        await problem(rt, "process_guide_agent_message", wrong, ANON, session_id=other.session_id)
        == "not-found"
    )


async def test_the_guide_narrates_from_the_matches(tmp_path: Path, llm: FakeChatServer) -> None:
    settings = {**FAST, "reasoning_base_url": llm.url, "reasoning_model": "m"}
    async with local_runtime(registry(), home=tmp_path, **settings) as rt:
        sid = await anon_session(rt, "guest-2")
        tenant = "anon:guest-2"
        gid = (await ok(rt, "initiate_guide_agent", {}, tenant, session_id=sid))["guide_session_id"]
        ask = {"guide_session_id": gid, "message": "validate a token"}
        out = await ok(rt, "process_guide_agent_message", ask, tenant, session_id=sid)
    assert out["narrative_status"] == "generated"
    assert out["narrative"].startswith("echo: The user asked:")
    prompt = llm.requests[0]["messages"][1]["content"]
    assert '"intent_type": "validate_token"' in prompt
