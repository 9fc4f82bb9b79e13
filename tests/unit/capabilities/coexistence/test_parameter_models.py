"""Coexistence parameters: an unknown or ill-typed key is refused at submit, naming the key.

Known keys are typed (`user_context.goals`); inputs nothing reads are not accepted at all; the
parameters the guide relays are checked against the relayed intent's own contract at submit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from symphainy.errors import InvalidParameters
from symphainy.runtime import Runtime, SubmitIntent
from symphainy.runtime.api import create_runtime_app
from symphainy.sdk import RuntimeClient
from symphainy.security import Principal, mint_service_token
from symphainy.testing import local_runtime
from tests.unit.capabilities.coexistence.conftest import registry
from tests.unit.capabilities.coexistence.test_coexistence_intents import ANON, anon_session
from tests.unit.capabilities.security.conftest import FAST, ok

SECRET = "coexistence-parameters-secret-0123456789"
RELAY = ["parameters", "submit_intent", "parameters"]


async def refused(rt: Runtime, intent: str, params: dict[str, Any], **kw: Any) -> list[Any]:
    """Submit parameters that must be refused; the locations named, and nothing recorded."""
    head = await rt.store.wal_head(ANON)
    with pytest.raises(InvalidParameters) as info:
        await rt.submit(SubmitIntent(ANON, intent, params, **kw))
    assert await rt.store.wal_head(ANON) == head, "nothing is recorded"
    return locations(info.value)


def locations(error: InvalidParameters) -> list[Any]:
    """The `loc` of every error of an invalid-parameters problem."""
    errors: Any = error.extra["errors"]
    return [e["loc"] for e in errors]


@pytest.mark.parametrize("intent", ["introduce_platform", "establish_solution_context"])
async def test_goals_of_the_wrong_type_are_refused(rt: Runtime, intent: str) -> None:
    params: dict[str, Any] = {"user_context": {"goals": {"nested": "object"}}}
    if intent == "establish_solution_context":
        params["solution_id"] = "content_intelligence"
    locs = await refused(rt, intent, params)
    assert locs
    assert all(loc[:3] == ["parameters", "user_context", "goals"] for loc in locs)
    assert await refused(rt, intent, {**params, "user_context": {"goals": [1, 2]}}) == [
        ["parameters", "user_context", "goals", "str"],
        ["parameters", "user_context", "goals", "list[str]", "0"],
        ["parameters", "user_context", "goals", "list[str]", "1"],
    ]


async def test_goals_as_a_string_or_a_list_still_rank_the_suggestions(rt: Runtime) -> None:
    one = await ok(rt, "introduce_platform", {"user_context": {"goals": "parse a file"}}, ANON)
    many = await ok(rt, "introduce_platform", {"user_context": {"goals": ["parse a file"]}}, ANON)
    assert one["suggested_intents"] == many["suggested_intents"]
    assert all(s["reason"].startswith("matches your goal") for s in one["suggested_intents"])


@pytest.mark.parametrize(
    ("intent", "params"),
    [
        ("show_solution_catalog", {}),
        ("navigate_to_solution", {"solution_id": "content_intelligence"}),
    ],
)
async def test_a_user_context_nothing_reads_is_refused(
    rt: Runtime, intent: str, params: dict[str, Any]
) -> None:
    locs = await refused(rt, intent, {**params, "user_context": {"goals": ["x"]}})
    assert locs == [["parameters", "user_context"]]


async def test_relayed_parameters_are_checked_against_the_relayed_intent(rt: Runtime) -> None:
    sid = await anon_session(rt, "guest-1")
    gid = (await ok(rt, "initiate_guide_agent", {}, ANON, session_id=sid))["guide_session_id"]

    async def relay(parameters: dict[str, Any]) -> list[Any]:
        relayed = {"intent_type": "list_available_mcp_tools", "parameters": parameters}
        ask = {"guide_session_id": gid, "message": "list my tools", "submit_intent": relayed}
        return await refused(rt, "process_guide_agent_message", ask, session_id=sid)

    assert await relay({"realm": "content", "bogus": 1}) == [[*RELAY, "bogus"]]
    assert await relay({"realm": 5}) == [[*RELAY, "realm"]]
    ask = {
        "guide_session_id": gid,
        "message": "list my tools",
        "submit_intent": {"intent_type": "list_available_mcp_tools", "parameters": {}},
    }
    out = await ok(rt, "process_guide_agent_message", ask, ANON, session_id=sid)
    done = await rt.wait(ANON, out["submitted"]["execution_id"], timeout=20)
    assert done.status == "completed"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[RuntimeClient]:
    """The Runtime API (over every capability) and a client of tenant ANON."""
    home = tmp_path / "home"
    settings: dict[str, Any] = {**FAST, "service_secret": SECRET}
    async with local_runtime(registry(), home=home, **settings) as rt:
        app = create_runtime_app(rt, rt.settings)
        token = mint_service_token(SECRET.encode(), Principal(ANON, None, anonymous=True), 300)
        async with RuntimeClient("http://rt", token, transport=httpx.ASGITransport(app)) as rc:
            yield rc


async def test_the_runtime_api_answers_422_naming_the_key(client: RuntimeClient) -> None:
    bad = {"user_context": {"goals": {"a": 1}}}
    with pytest.raises(InvalidParameters) as info:
        await client.submit_intent("introduce_platform", bad)
    assert info.value.status == 422
    locs = locations(info.value)
    assert locs
    assert all(loc[:3] == ["parameters", "user_context", "goals"] for loc in locs)
