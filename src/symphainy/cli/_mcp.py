"""`symphainy mcp`: the intent catalogue as an MCP server (stdio, or streamable HTTP)."""

from __future__ import annotations

import importlib
from importlib.metadata import version
from types import ModuleType
from typing import TYPE_CHECKING

import typer
import uvicorn

from symphainy.cli._common import err_console, run, settings_from
from symphainy.errors import AuthenticationRequired, MissingDependency
from symphainy.sdk import HttpSDK

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from symphainy.mcp_server import BearerTools


def _mcp_server() -> ModuleType:
    # Imported on use: the `mcp` package is an optional extra, and every other command works
    # without it.
    try:
        return importlib.import_module("symphainy.mcp_server")
    except ImportError as exc:
        raise MissingDependency("pip install 'symphainy[mcp]' (or: pip install mcp)") from exc


def mcp(
    http: bool = typer.Option(False, "--http", help="Serve streamable HTTP instead of stdio."),
    host: str = typer.Option("127.0.0.1", help="Interface for --http."),
    port: int = typer.Option(8002, help="Port for --http."),
    session: str | None = typer.Option(
        None, help="Platform session for stdio calls (default: a new one on first call)."
    ),
    url: str | None = typer.Option(
        None, "--url", help="Experience service (default: SYMPHAINY_EXPERIENCE_URL)."
    ),
) -> None:
    """Serve intents as MCP tools, calling the Experience service as the token's principal.

    stdio acts as SYMPHAINY_TOKEN (an access token or API key). --http holds no credential:
    every request must bring its own `Authorization: Bearer` token.
    """
    srv = _mcp_server()
    settings = settings_from()
    base = url or settings.experience_url
    if http:
        bearer = srv.BearerTools(base)
        app = srv.build_server(bearer, version("symphainy")).streamable_http_app(host=host)
        err_console.print(f"MCP (streamable HTTP) on http://{host}:{port}/mcp → {base}")
        run(_serve_http(app, host, port, bearer))
        return
    run(_serve_stdio(srv, base, settings.token.get_secret_value(), session))


async def _serve_stdio(srv: ModuleType, base: str, token: str, session: str | None) -> None:
    if not token:
        raise AuthenticationRequired("set SYMPHAINY_TOKEN to an access token or API key")
    async with HttpSDK(base, token) as sdk:
        tools = srv.IntentTools(sdk, session)
        await srv.serve_stdio(srv.build_server(srv.fixed(tools), version("symphainy")))


async def _serve_http(app: Starlette, host: str, port: int, bearer: BearerTools) -> None:
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    try:
        await uvicorn.Server(config).serve()
    finally:
        await bearer.aclose()
