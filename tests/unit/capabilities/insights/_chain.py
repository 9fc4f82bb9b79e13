"""A runtime with the content and insights capabilities, and files with known contents."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from symphainy.capabilities import content, insights
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import T, ok, parsed, run

__all__ = ["T", "ok", "parsed", "parsed_as", "run", "runtime_for", "table_id"]


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


async def parsed_as(rt: Runtime, data: bytes, name: str, parsing_type: str, tenant: str = T) -> str:
    """Ingest, save and parse a file with an explicit parsing_type; return the parsed id."""
    content = base64.b64encode(data).decode()
    ingested = await ok(
        rt, "ingest_file", {"ui_name": name, "file_content_base64": content}, tenant
    )
    save = {
        "file_id": ingested["artifact_id"],
        "boundary_contract_id": ingested["boundary_contract_id"],
    }
    await ok(rt, "save_materialization", save, tenant)
    parse = {"file_id": ingested["artifact_id"], "parsing_type": parsing_type}
    result: dict[str, Any] = await ok(rt, "parse_content", parse, tenant)
    return str(result["parsed_file_id"])
