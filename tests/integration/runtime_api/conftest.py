from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.runtime_api.harness import Api, runtime_api


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    """The Runtime API on SQLite (tests that matter on both engines ask for `api_any`)."""
    async with runtime_api(f"sqlite:///{tmp_path}/api.db", tmp_path) as value:
        yield value


@pytest.fixture
async def api_any(database_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    """The Runtime API on SQLite and on PostgreSQL."""
    async with runtime_api(database_url, tmp_path) as value:
        yield value
