"""`symphainy mcp` as a real server (stdio, streamable HTTP) in front of a real `symphainy up`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from symphainy.testing import free_port, platform_process

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("mcp-platform")
    env = {**os.environ, "SYMPHAINY_HOME": str(home)}
    with platform_process(home, env) as url:
        yield {**env, "SYMPHAINY_EXPERIENCE_URL": url}


def register(platform: dict[str, str], email: str) -> str:
    """A new account through the Experience service; its access token."""
    body = {"email": email, "password": PASSWORD, "name": email.split("@")[0]}
    reply = httpx.post(f"{platform['SYMPHAINY_EXPERIENCE_URL']}/api/auth/register", json=body)
    reply.raise_for_status()
    return str(reply.json()["access_token"])


async def test_stdio_server_lists_calls_and_reports_problems(platform: dict[str, str]) -> None:
    env = {**platform, "SYMPHAINY_TOKEN": register(platform, "stdio@example.com")}
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "symphainy.cli", "mcp"], env=env
    )
    async with Client(params) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        ok = await client.call_tool("echo", {"message": "over stdio"})
        bad = await client.call_tool("parse_content", {"file_id": "no-such-file"})
    assert {"echo", "ingest_file", "authenticate_user", "process_guide_agent_message"} <= tools
    assert ok.is_error is False
    assert ok.structured_content == {"echo": "over stdio"}
    assert bad.is_error is True
    assert bad.structured_content is not None
    assert bad.structured_content["status"] == 404


def test_stdio_server_without_a_token_refuses_to_start(platform: dict[str, str]) -> None:
    env = {k: v for k, v in platform.items() if k != "SYMPHAINY_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "symphainy.cli", "mcp"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "authentication-required" in done.stderr
    assert "SYMPHAINY_TOKEN" in done.stderr


@pytest.fixture(scope="module")
def mcp_http(platform: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "symphainy.cli", "mcp", "--http", "--port", str(port)],
        env=platform,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        _wait_for_port(port, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for_port(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"symphainy mcp --http exited: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("symphainy mcp --http did not start")


def _client(url: str, token: str | None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers)))


async def test_http_server_acts_as_each_requests_token(
    platform: dict[str, str], mcp_http: str
) -> None:
    alice, bob = register(platform, "alice@example.com"), register(platform, "bob@example.com")
    async with _client(mcp_http, alice) as client:
        a = await client.call_tool("introduce_platform", {})
    async with _client(mcp_http, bob) as client:
        b = await client.call_tool("introduce_platform", {})
    assert a.structured_content is not None
    assert b.structured_content is not None
    assert (a.structured_content["user_name"], b.structured_content["user_name"]) == (
        "alice",
        "bob",
    )


async def test_http_server_without_a_token_surfaces_authentication_required(
    mcp_http: str,
) -> None:
    async with _client(mcp_http, None) as client:
        out = await client.call_tool("echo", {"message": "x"})
    async with _client(mcp_http, "sym_at_" + "0" * 32 + "." + "A" * 43) as client:
        forged = await client.call_tool("echo", {"message": "x"})
    assert out.is_error is True
    assert out.structured_content is not None
    assert str(out.structured_content["type"]).endswith("/authentication-required")
    assert forged.is_error is True
    assert forged.structured_content is not None
    assert forged.structured_content["status"] == 401


async def test_a_password_sent_through_mcp_and_http_is_never_written(
    platform: dict[str, str], mcp_http: str
) -> None:
    token = register(platform, "secret@example.com")
    async with _client(mcp_http, token) as client:
        ok = await client.call_tool(
            "authenticate_user", {"email": "secret@example.com", "password": PASSWORD}
        )
        bad = await client.call_tool(
            "authenticate_user", {"email": "secret@example.com", "password": "Wrong-Pass-42"}
        )
    assert ok.is_error is False
    assert ok.structured_content is not None
    assert ok.structured_content["authenticated"] is True
    assert bad.is_error is True
    assert bad.structured_content is not None
    assert bad.structured_content["status"] == 401
    files = [p for p in Path(platform["SYMPHAINY_HOME"]).rglob("*") if p.is_file()]
    assert any(p.suffix == ".db" for p in files)
    for path in files:
        data = path.read_bytes()
        assert PASSWORD.encode() not in data, path
        assert b"Wrong-Pass-42" not in data, path
