"""Fixtures shared by the SDK contract suites: a booted platform and one SDK per transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import PASSWORD, Platform, platform


@pytest.fixture
async def plat(database_url: str, tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(database_url, tmp_path) as p:
        yield p


@pytest.fixture(params=["local", "http", "remote"])
async def sdk(request, plat: Platform) -> AsyncIterator[ExperienceSDK]:
    """local: in process. http: HttpSDK → gateway → LocalSDK. remote: HttpSDK → gateway →
    RemoteSDK → Runtime API → runtime (the `symphainy experience` deployment)."""
    http = plat.remote_http() if request.param == "remote" else plat.http()
    await http.register(f"{request.param}@example.com", PASSWORD, "Ada")
    if request.param == "local":
        yield await plat.local(f"{request.param}@example.com", PASSWORD)
    else:
        yield http
    await http.aclose()
