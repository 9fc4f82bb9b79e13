"""A runtime with content, insights, operations and outcomes, and the chain that feeds outcomes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symphainy.capabilities import content, insights, operations, outcomes
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import customers_csv
from tests.unit.capabilities.operations._ops import SESSION, SOP_MARKDOWN, T, ok, parsed_id


@asynccontextmanager
async def full_runtime(database_url: str, home: Path, **settings: Any) -> AsyncIterator[Runtime]:
    registry = IntentRegistry()
    for capability in (content, insights, operations, outcomes):
        capability.register(registry)
    async with local_runtime(
        registry, database_url=database_url, home=home, poll_seconds=0.05, **settings
    ) as rt:
        await rt.create_session(T, session_id=SESSION)
        yield rt


@dataclass(frozen=True)
class Chain:
    """Ids of what the SOP → workflow → analyses chain produced."""

    sop_file: str
    workflow: str
    analysis: str
    optimization: str
    quality: str
    quality_grade: str


async def chain(rt: Runtime) -> Chain:
    sop_file = await parsed_id(rt, SOP_MARKDOWN.encode(), "invoice_sop.md")
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    wf_id = wf["workflow_artifact_id"]
    analysis = await ok(rt, "analyze_coexistence", {"workflow_id": wf_id})
    optimization = await ok(rt, "optimize_process", {"workflow_id": wf_id, "goals": ["speed"]})
    customers = await parsed_id(rt, customers_csv(), "customers.csv")
    quality = await ok(rt, "assess_data_quality", {"parsed_file_id": customers})
    return Chain(
        sop_file,
        wf_id,
        analysis["coexistence_analysis_id"],
        optimization["optimization_id"],
        quality["report_id"],
        quality["grade"],
    )
