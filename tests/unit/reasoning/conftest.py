from __future__ import annotations

from collections.abc import Iterator

import pytest

from symphainy.reasoning.testing import FakeChatServer, fake_chat_server


@pytest.fixture(scope="module")
def llm_server() -> Iterator[FakeChatServer]:
    with fake_chat_server() as server:
        yield server


@pytest.fixture
def llm(llm_server: FakeChatServer) -> FakeChatServer:
    """The module's fake server with an empty script and no recorded requests."""
    llm_server.reset()
    return llm_server
