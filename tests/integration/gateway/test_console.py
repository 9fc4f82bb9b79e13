"""The console is served by the Experience service and calls only routes the service has."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from symphainy.console import STATIC_DIR
from tests.integration.gateway.platform import GW, Platform, platform


@pytest.fixture
async def plat(tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(f"sqlite:///{tmp_path}/c.db", tmp_path) as p:
        yield p


async def test_console_is_served_at_the_root(plat: Platform) -> None:
    async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app)) as c:
        home = await c.get("/", follow_redirects=True)
        assert home.status_code == 200
        assert "<title>Symphainy console</title>" in home.text
        script = await c.get("/console/console.js")
        assert script.status_code == 200
        assert "text/javascript" in script.headers["content-type"]


def test_console_calls_only_existing_routes(plat: Platform) -> None:
    source = (STATIC_DIR / "console.js").read_text()
    called = set(re.findall(r'"(/api/[^"`]*)"|`(/api/[^`]*)`', source))
    paths = {p for pair in called for p in pair if p}
    assert paths, "the console calls the API"
    schema = plat.app.openapi()
    routes = [re.sub(r"\{[^}]+\}", "[^/]+", p) for p in schema["paths"]]
    for path in paths:
        concrete = re.sub(r"\$\{[^}]+\}", "x", path)
        assert any(re.fullmatch(r, concrete) for r in routes), path
