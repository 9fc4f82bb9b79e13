from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from symphainy.runtime import Runtime
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import build_registry


@pytest.fixture
async def runtime(database_url: str, tmp_path) -> AsyncIterator[Runtime]:
    async with local_runtime(
        build_registry(),
        database_url=database_url,
        home=tmp_path,
        poll_seconds=0.05,
        lease_seconds=10.0,
    ) as rt:
        yield rt
