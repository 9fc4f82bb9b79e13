"""The MCP server in process, over LocalSDK: tools are intents, calls run as the principal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from symphainy.mcp_server import IntentTools, build_server, fixed
from symphainy.runtime import Runtime
from symphainy.sdk import LocalSDK
from symphainy.security import Principal
from symphainy.testing import local_runtime
from tests.unit.capabilities.coexistence.conftest import registry
from tests.unit.capabilities.security.conftest import FAST, PASSWORD, signup


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(registry(), home=tmp_path, **FAST) as runtime:
        yield runtime


async def principal(rt: Runtime, email: str) -> Principal:
    acct = await signup(rt, email)
    return await rt.services.identity.guard.authenticate(acct.access_token)


def client_for(rt: Runtime, who: Principal) -> Client:
    return Client(build_server(fixed(IntentTools(LocalSDK(rt, who)))))


async def test_tools_are_the_intent_catalogue_with_parameter_schemas(rt: Runtime) -> None:
    async with client_for(rt, await principal(rt, "agent@example.com")) as client:
        listed = await client.list_tools()
    tools = {t.name: t for t in listed.tools}
    assert set(tools) == {spec.intent_type for spec in registry()}
    echo = tools["echo"]
    assert echo.input_schema["type"] == "object"
    assert "message" in echo.input_schema["properties"]
    assert echo.description is not None
    assert "realm: content" in echo.description
    auth = tools["authenticate_user"].input_schema
    assert auth["required"] == ["email", "password"]


async def test_calling_a_tool_runs_the_intent_as_the_principal(rt: Runtime) -> None:
    who = await principal(rt, "caller@example.com")
    async with client_for(rt, who) as client:
        out = await client.call_tool("echo", {"message": {"hello": ["mcp", 1]}})
        intro = await client.call_tool("introduce_platform", {})
    assert out.is_error is False
    assert out.structured_content == {"echo": {"hello": ["mcp", 1]}}
    assert '"hello"' in out.content[0].text  # type: ignore[union-attr]
    assert intro.structured_content is not None
    assert intro.structured_content["user_name"] == "caller"
    rows, _ = await rt.store.list_executions(who.tenant_id)
    assert {r.intent_type for r in rows} == {"echo", "introduce_platform"}
    assert all(r.user_id == who.user_id for r in rows)


@pytest.mark.parametrize(
    ("name", "arguments", "problem"),
    [
        ("echo", {"unexpected": 1}, "invalid-parameters"),
        ("no_such_intent", {}, "intent-not-found"),
        (
            "authenticate_user",
            {"email": "caller@example.com", "password": "wrong password"},
            "authentication-required",
        ),
        ("validate_authorization", {"required_permissions": ["fly"]}, "invalid-request"),
    ],
)
async def test_a_failing_call_surfaces_the_problem(
    rt: Runtime, name: str, arguments: dict[str, Any], problem: str
) -> None:
    async with client_for(rt, await principal(rt, "caller@example.com")) as client:
        out = await client.call_tool(name, arguments)
    assert out.is_error is True
    assert out.structured_content is not None
    assert str(out.structured_content["type"]).endswith("/" + problem)
    assert problem in out.content[0].text  # type: ignore[union-attr]


async def test_secrets_passed_to_tools_stay_out_of_storage(rt: Runtime) -> None:
    async with client_for(rt, await principal(rt, "safe@example.com")) as client:
        ok = await client.call_tool(
            "authenticate_user", {"email": "safe@example.com", "password": PASSWORD}
        )
    assert ok.is_error is False
    assert ok.structured_content is not None
    assert ok.structured_content["authenticated"] is True
    assert PASSWORD not in str(ok.structured_content)
