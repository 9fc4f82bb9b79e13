"""A runtime with the content and insights capabilities, and files with known contents."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from symphainy.capabilities import content, insights
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import T, ok, parsed, run

__all__ = ["T", "ok", "parsed", "run", "runtime_for", "table_id"]


@asynccontextmanager
async def runtime_for(url: str, home: Path, **settings: Any) -> AsyncIterator[Runtime]:
    """A started local runtime with content and insights registered."""
    registry = IntentRegistry()
    content.register(registry)
    insights.register(registry)
    async with local_runtime(
        registry, database_url=url, home=home, poll_seconds=0.05, **settings
    ) as rt:
        yield rt


async def table_id(rt: Runtime, data: bytes, name: str, tenant: str = T) -> str:
    """Ingest, save and parse a file; return the parsed_content id."""
    result: dict[str, Any] = await parsed(rt, data, name, tenant)
    return str(result["parsed_file_id"])
