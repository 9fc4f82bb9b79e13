"""The MCP server in process, over LocalSDK: tools are intents, calls run as the principal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from symphainy.mcp_server import IntentTools, build_server, fixed
from symphainy.mcp_server._operations import TOOL_OPERATIONS
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
    tools = {t.name: t for t in listed.tools if not t.name.startswith("platform.")}
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


async def test_operations_are_tools_generated_from_the_operation_table(rt: Runtime) -> None:
    async with client_for(rt, await principal(rt, "ops@example.com")) as client:
        listed = await client.list_tools()
    tools = {t.name: t for t in listed.tools if t.name.startswith("platform.")}
    assert set(tools) == set(TOOL_OPERATIONS)
    for expected in ("list_executions", "get_execution", "cancel_execution", "create_schedule"):
        assert f"platform.{expected}" in tools
    # byte and event streams, sign-in and the catalogue itself are not tools
    for absent in ("stream_events", "get_artifact_content", "login", "list_intents"):
        assert f"platform.{absent}" not in tools
    get = tools["platform.get_execution"]
    assert get.input_schema["required"] == ["execution_id"]
    assert get.input_schema["additionalProperties"] is False
    assert get.description is not None
    assert "GET /api/execution/{execution_id}/status" in get.description
    assert get.output_schema is not None
    assert "status" in get.output_schema["properties"]


async def test_operation_tools_act_as_the_principal_and_stay_in_its_tenant(rt: Runtime) -> None:
    me, other = await principal(rt, "me@example.com"), await principal(rt, "other@example.com")
    async with client_for(rt, me) as client:
        ran = await client.call_tool("echo", {"message": "hi"})
        assert ran.is_error is False
        listed = await client.call_tool("platform.list_executions", {"intent_type": "echo"})
    assert listed.is_error is False
    assert listed.structured_content is not None
    (execution,) = listed.structured_content["executions"]
    assert execution["intent_type"] == "echo"
    assert execution["status"] == "completed"
    execution_id = execution["execution_id"]
    async with client_for(rt, me) as client:
        shown = await client.call_tool("platform.get_execution", {"execution_id": execution_id})
        wrong = await client.call_tool(
            "platform.get_execution", {"execution_id": execution_id, "x": 1}
        )
        missing = await client.call_tool("platform.get_execution", {})
    assert shown.structured_content is not None
    assert shown.structured_content["execution_id"] == execution_id
    for refused in (wrong, missing):
        assert refused.is_error is True
        assert refused.structured_content is not None
        assert str(refused.structured_content["type"]).endswith("/invalid-parameters")
    assert wrong.structured_content["errors"][0]["loc"] == ["x"]
    async with client_for(rt, other) as client:
        stolen = await client.call_tool("platform.get_execution", {"execution_id": execution_id})
        theirs = await client.call_tool("platform.list_executions", {})
    assert stolen.is_error is True
    assert stolen.structured_content is not None
    assert stolen.structured_content["status"] == 404
    assert theirs.structured_content is not None
    assert theirs.structured_content["executions"] == []


async def test_a_schedule_is_created_listed_and_paused_through_operation_tools(rt: Runtime) -> None:
    async with client_for(rt, await principal(rt, "cron@example.com")) as client:
        made = await client.call_tool(
            "platform.create_schedule",
            {"intent_type": "echo", "parameters": {"message": "tick"}, "every_seconds": 3600},
        )
        assert made.is_error is False, made.structured_content
        assert made.structured_content is not None
        schedule_id = made.structured_content["schedule_id"]
        paused = await client.call_tool("platform.pause_schedule", {"schedule_id": schedule_id})
        listed = await client.call_tool("platform.list_schedules", {"limit": 10})
        bad = await client.call_tool(
            "platform.create_schedule", {"intent_type": "echo", "cron": "61 * * * *"}
        )
    assert paused.structured_content is not None
    assert paused.structured_content["status"] == "paused"
    assert listed.structured_content is not None
    assert [s["schedule_id"] for s in listed.structured_content["schedules"]] == [schedule_id]
    assert bad.is_error is True
    assert bad.structured_content is not None
    assert bad.structured_content["status"] == 422


async def test_signal_tool_reaches_the_callers_execution_only(rt: Runtime) -> None:
    who = await principal(rt, "signaller@example.com")
    sdk = LocalSDK(rt, who)
    session = await sdk.create_session()
    sub = await sdk.invoke_intent("request_approval", {"title": "go?"}, session)
    stranger = await principal(rt, "stranger@example.com")
    async with client_for(rt, who) as client:
        sent = await client.call_tool(
            "platform.signal_execution",
            {"execution_id": sub.execution_id, "name": "nudge", "payload": 7},
        )
        bad = await client.call_tool(
            "platform.signal_execution", {"execution_id": sub.execution_id}
        )
    async with client_for(rt, stranger) as client:
        foreign = await client.call_tool(
            "platform.signal_execution", {"execution_id": sub.execution_id, "name": "nudge"}
        )
    assert sent.is_error is False, sent.structured_content
    assert sent.structured_content is not None
    assert sent.structured_content["payload"] == 7
    assert sent.structured_content["execution_id"] == sub.execution_id
    assert bad.is_error is True
    assert foreign.is_error is True
    assert foreign.structured_content is not None
    assert foreign.structured_content["type"].endswith("/execution-not-found")


async def test_a_delayed_start_through_tools_is_scheduled_read_back_and_cancelled(
    rt: Runtime,
) -> None:
    at = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    async with client_for(rt, await principal(rt, "later@example.com")) as client:
        submitted = await client.call_tool(
            "platform.submit_intent",
            {"intent_type": "echo", "parameters": {"message": "later"}, "not_before": at},
        )
        assert submitted.is_error is False, submitted.structured_content
        assert submitted.structured_content is not None
        execution_id = submitted.structured_content["execution_id"]
        shown = await client.call_tool("platform.get_execution", {"execution_id": execution_id})
        cancelled = await client.call_tool(
            "platform.cancel_execution", {"execution_id": execution_id}
        )
        history = await client.call_tool(
            "platform.execution_events", {"execution_id": execution_id, "limit": 10}
        )
        naive = await client.call_tool(
            "platform.submit_intent", {"intent_type": "echo", "not_before": "2030-01-01T09:00:00"}
        )
    assert shown.structured_content is not None
    assert shown.structured_content["status"] == "scheduled"
    assert cancelled.structured_content is not None
    assert cancelled.structured_content["status"] == "cancelled"
    assert history.structured_content is not None
    kinds = [e["kind"] for e in history.structured_content["events"]]
    assert kinds[-2:] == ["execution.scheduled", "execution.cancelled"]
    assert naive.is_error is True
    assert naive.structured_content is not None
    assert str(naive.structured_content["type"]).endswith("/invalid-parameters")


async def test_retry_operations_are_tools_that_act_as_the_principal(rt: Runtime) -> None:
    owner = await principal(rt, "owner@example.com")
    async with client_for(rt, owner) as client:
        listed = {t.name: t for t in (await client.list_tools()).tools}
        failed = await client.call_tool("validate_authorization", {"required_permissions": ["fly"]})
        rows, _ = await rt.store.list_executions(owner.tenant_id, status="failed")
        assert failed.is_error is True
        original = rows[0].execution_id
        dry = await client.call_tool("platform.retry_failed_executions", {"dry_run": True})
        retried = await client.call_tool("platform.retry_execution", {"execution_id": original})
        again = await client.call_tool("platform.retry_execution", {"execution_id": original})
        odd = await client.call_tool("platform.retry_execution", {"execution_id": original, "x": 1})
    schema = listed["platform.retry_execution"].input_schema
    assert schema["required"] == ["execution_id"]
    assert "from_step" in schema["properties"]
    assert dry.structured_content is not None
    assert dry.structured_content["matched"] == 1
    assert retried.is_error is False
    assert retried.structured_content is not None
    assert retried.structured_content["retry_of"] == original
    assert again.is_error is True
    assert again.structured_content is not None
    assert str(again.structured_content["type"]).endswith("/illegal-transition")
    assert odd.is_error is True
    other = await principal(rt, "other@example.com")
    async with client_for(rt, other) as client:
        stolen = await client.call_tool("platform.retry_execution", {"execution_id": original})
    assert stolen.structured_content is not None
    assert str(stolen.structured_content["type"]).endswith("/execution-not-found")
