"""A runtime with content, security and coexistence registered (the catalogue the guide reads)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from symphainy.boot import build_registry
from symphainy.reasoning.testing import FakeChatServer, fake_chat_server
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.security.conftest import FAST


def registry() -> IntentRegistry:
    """The journey engine and every installed capability, as at boot (solutions and journeys
    name intents across realms)."""
    return build_registry()


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(registry(), database_url=database_url, home=tmp_path, **FAST) as r:
        yield r


@pytest.fixture(scope="module")
def llm_server() -> Iterator[FakeChatServer]:
    with fake_chat_server() as server:
        yield server


@pytest.fixture
def llm(llm_server: FakeChatServer) -> FakeChatServer:
    llm_server.reset()
    return llm_server
