"""The console is served by the Experience service and calls only routes the service has."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from symphainy.console import STATIC_DIR
from tests.integration.gateway.platform import GW, Platform, platform

UPLOAD_LIMIT = 3 * 1_048_576 + 17


@pytest.fixture
async def plat(tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(f"sqlite:///{tmp_path}/c.db", tmp_path, max_upload_bytes=UPLOAD_LIMIT) as p:
        yield p


def _client(plat: Platform) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app))


async def test_console_is_served_at_the_root(plat: Platform) -> None:
    async with _client(plat) as c:
        home = await c.get("/", follow_redirects=True)
        assert home.status_code == 200
        assert "<title>Symphainy console</title>" in home.text
        modules = re.findall(r'src="(/console/[^"]+\.js)"', home.text)
        assert modules, "the page loads its script"
        for module in modules:
            script = await c.get(module)
            assert script.status_code == 200
            assert "text/javascript" in script.headers["content-type"]


async def test_limits_are_the_configured_ones_and_public(plat: Platform) -> None:
    async with _client(plat) as c:
        res = await c.get("/api/limits")
    assert res.status_code == 200
    assert res.json() == {"max_upload_bytes": UPLOAD_LIMIT, "max_body_bytes": 1_048_576}


def _called_paths() -> set[str]:
    paths: set[str] = set()
    for source in STATIC_DIR.rglob("*.js"):
        found = re.findall(r'"(/api/[^"`]*)"|`(/api/[^`]*)`', source.read_text())
        paths |= {p for pair in found for p in pair if p}
    return paths


def test_console_calls_only_existing_routes(plat: Platform) -> None:
    paths = _called_paths()
    assert len(paths) > 10, "the console calls the API"
    schema = plat.app.openapi()
    routes = [re.sub(r"\{[^}]+\}", "[^/]+", p) for p in schema["paths"]]
    for path in paths:
        concrete = re.sub(r"\$\{[^}]+\}", "x", path).split("?", 1)[0]
        assert any(re.fullmatch(r, concrete) for r in routes), path
