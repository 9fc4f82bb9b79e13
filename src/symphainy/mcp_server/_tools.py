"""IntentTools: the intent catalogue as MCP tools, called through one principal's SDK.

Every call goes through the Experience SDK (HttpSDK with the caller's token, or LocalSDK in
process), so the tenant, the role checks and the rate limits are the platform's own: the MCP
layer adds no authority. A tool call submits the intent in this connection's session, waits
for the execution to end and returns its result; a failed execution or a refused submit comes
back as an error result carrying the RFC 9457 problem.
"""

from __future__ import annotations

from typing import Any

import mcp_types as types

from symphainy.contracts import ExecutionView, IntentContract
from symphainy.errors import SymphainyError
from symphainy.mcp_server._operations import TOOL_OPERATIONS, call_operation, operation_tools, text
from symphainy.sdk import ExperienceSDK

DEFAULT_WAIT_SECONDS = 300.0


def tool(contract: IntentContract) -> types.Tool:
    """One intent as an MCP tool: name, description, parameters and result schemas."""
    schema = dict(contract.parameters_schema)
    schema.setdefault("type", "object")
    output = contract.result_schema if contract.result_schema.get("type") == "object" else None
    return types.Tool(
        name=contract.intent_type,
        title=contract.intent_type.replace("_", " "),
        description=f"{contract.description} (realm: {contract.realm})",
        input_schema=schema,
        output_schema=output,
    )


def problem_result(problem: dict[str, Any]) -> types.CallToolResult:
    """An error result that carries the platform's problem object."""
    return types.CallToolResult(content=text(problem), structured_content=problem, is_error=True)


class IntentTools:
    """Tools for one principal; one platform session per instance (created on first call)."""

    def __init__(
        self,
        sdk: ExperienceSDK,
        session_id: str | None = None,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
    ) -> None:
        self.sdk = sdk
        self.session_id = session_id
        self.wait_seconds = wait_seconds

    async def list(self) -> list[types.Tool]:
        """Every intent of the catalogue, then the platform's operations, as tools."""
        return [tool(c) for c in await self.sdk.list_intents()] + operation_tools()

    async def call(self, name: str, arguments: dict[str, Any] | None) -> types.CallToolResult:
        """Run intent or operation `name` with `arguments`: its result, or its problem."""
        op = TOOL_OPERATIONS.get(name)
        if op is not None:
            try:
                answer = await call_operation(self.sdk, op, arguments or {})
            except SymphainyError as exc:
                return problem_result(exc.to_problem())
            return types.CallToolResult(
                content=text(answer), structured_content=answer, is_error=False
            )
        try:
            view = await self._run(name, arguments or {})
        except SymphainyError as exc:
            return problem_result(exc.to_problem())
        except TimeoutError:
            return problem_result(
                {
                    "type": "about:blank",
                    "title": "Still running",
                    "status": 504,
                    "detail": f"{name} did not finish within {self.wait_seconds:.0f}s",
                }
            )
        if view.status != "completed":
            return problem_result(_problem_of(view))
        result = view.result if isinstance(view.result, dict) else {"result": view.result}
        return types.CallToolResult(content=text(result), structured_content=result, is_error=False)

    async def _run(self, name: str, arguments: dict[str, Any]) -> ExecutionView:
        session = await self._session()
        submitted = await self.sdk.invoke_intent(name, arguments, session)
        return await self.sdk.wait(submitted.execution_id, timeout=self.wait_seconds)

    async def _session(self) -> str:
        if self.session_id is None:
            self.session_id = (await self.sdk.create_session({"surface": "mcp"})).session_id
        return self.session_id


def _problem_of(view: ExecutionView) -> dict[str, Any]:
    if view.error is not None:
        problem = view.error.model_dump()
    else:
        problem = {"type": "about:blank", "title": view.status, "status": 409, "detail": ""}
    return {**problem, "execution_id": view.execution_id, "status_of_execution": view.status}


__all__ = ["DEFAULT_WAIT_SECONDS", "IntentTools", "problem_result", "tool"]
