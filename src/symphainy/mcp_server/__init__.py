"""The intent catalogue as a Model Context Protocol server: agents call intents as tools.

Built on the `mcp` package's low-level server; every call goes through the Experience SDK, so
tenancy, roles and rate limits hold. `symphainy mcp` serves it on stdio (one principal, from
`SYMPHAINY_TOKEN`) or streamable HTTP (each request's own bearer token).
"""

from __future__ import annotations

from symphainy.mcp_server._server import BearerTools, ToolsFor, build_server, fixed, serve_stdio
from symphainy.mcp_server._tools import IntentTools, problem_result, tool

__all__ = [
    "BearerTools",
    "IntentTools",
    "ToolsFor",
    "build_server",
    "fixed",
    "problem_result",
    "serve_stdio",
    "tool",
]
