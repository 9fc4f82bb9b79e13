from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.outcomes._chain import full_runtime


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    """A runtime with content, insights, operations and outcomes, on SQLite and PostgreSQL."""
    async with full_runtime(database_url, tmp_path) as runtime:
        yield runtime
