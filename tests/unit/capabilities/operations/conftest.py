from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import ops_runtime


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    """A runtime with the content and operations capabilities, on SQLite and PostgreSQL."""
    async with ops_runtime(database_url, tmp_path) as runtime:
        yield runtime
