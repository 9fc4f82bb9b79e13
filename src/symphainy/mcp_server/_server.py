"""The MCP server: `tools/list` and `tools/call` over IntentTools, on stdio or streamable HTTP.

On stdio the server acts for one principal (the token it was started with). Over HTTP every
request must carry its own `Authorization: Bearer <token>`, which is handed to the Experience
service unchanged: the MCP endpoint holds no credential of its own.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

from symphainy.errors import AuthenticationRequired, SymphainyError
from symphainy.mcp_server._tools import IntentTools, problem_result
from symphainy.sdk import HttpSDK

ToolsFor = Callable[[ServerRequestContext[Any, Any]], Awaitable[IntentTools]]
INSTRUCTIONS = (
    "Each tool is a Symphainy intent: its input schema is the intent's parameters. A call "
    "submits the intent as you (your token's tenant and roles), waits for it and returns its "
    "result; a refused or failed intent returns is_error with the platform's problem object."
)
MAX_PRINCIPALS = 256


def build_server(tools_for: ToolsFor, version: str = "") -> Server[Any]:
    """A low-level MCP server whose tools are the intents `tools_for(ctx)` may run."""

    async def list_tools(
        ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        tools = await tools_for(ctx)
        return types.ListToolsResult(tools=await tools.list())

    async def call_tool(
        ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        try:
            tools = await tools_for(ctx)
        except SymphainyError as exc:
            return problem_result(exc.to_problem())
        return await tools.call(params.name, params.arguments)

    return Server(
        "symphainy",
        version=version,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


def fixed(tools: IntentTools) -> ToolsFor:
    """One principal for every request (stdio, in-process tests)."""

    async def tools_for(ctx: ServerRequestContext[Any, Any]) -> IntentTools:
        return tools

    return tools_for


class BearerTools:
    """Per-request principals for streamable HTTP: one HttpSDK (and session) per token."""

    def __init__(self, experience_url: str, make: Callable[[str], HttpSDK] | None = None) -> None:
        self._url = experience_url
        self._make = make or (lambda token: HttpSDK(self._url, token))
        self._cache: OrderedDict[str, IntentTools] = OrderedDict()

    async def __call__(self, ctx: ServerRequestContext[Any, Any]) -> IntentTools:
        """The tools of whoever's bearer token this request carries."""
        token = _bearer(ctx.request)
        key = hashlib.sha256(token.encode()).hexdigest()  # the token itself is not kept as a key
        tools = self._cache.get(key)
        if tools is None:
            tools = IntentTools(self._make(token))
            self._cache[key] = tools
            if len(self._cache) > MAX_PRINCIPALS:
                _, oldest = self._cache.popitem(last=False)
                await _close(oldest)
        self._cache.move_to_end(key)
        return tools

    async def aclose(self) -> None:
        """Close every cached SDK."""
        while self._cache:
            _, tools = self._cache.popitem()
            await _close(tools)


def _bearer(request: Any) -> str:
    header = request.headers.get("authorization", "") if request is not None else ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationRequired("send `Authorization: Bearer <token>` with every MCP request")
    return token.strip()


async def _close(tools: IntentTools) -> None:
    close = getattr(tools.sdk, "aclose", None)
    if close is not None:
        await close()


async def serve_stdio(server: Server[Any]) -> None:
    """Serve MCP on this process's stdin/stdout until the client hangs up."""
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


__all__ = ["BearerTools", "ToolsFor", "build_server", "fixed", "serve_stdio"]
