"""A runtime with the Control Tower, the runtime test intents and content, on either store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.capabilities.content import register as register_content
from symphainy.capabilities.control_tower import register as register_control_tower
from symphainy.contracts import ExecutionView
from symphainy.runtime import IntentRegistry, Runtime, Solution, SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import register_test_intents

OPS, A, B = "t_ops", "t_alpha", "t_beta"
ADMIN = ("admin",)


BUNDLE = Solution("test_bundle", "Test bundle", "Adds and refuses.", intents=("add_one", "refuse"))


def registry() -> IntentRegistry:
    reg = IntentRegistry()
    for register in (register_control_tower, register_test_intents, register_content):
        register(reg)
    reg.register_solution(BUNDLE)
    return reg


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(
        registry(),
        database_url=database_url,
        home=tmp_path,
        poll_seconds=0.05,
        operator_tenants=(OPS,),
        password_hash_time_cost=1,
        password_hash_memory_kib=1024,
        password_hash_parallelism=1,
    ) as rt:
        yield rt


async def run(
    rt: Runtime,
    intent: str,
    params: dict[str, Any] | None = None,
    tenant: str = A,
    roles: tuple[str, ...] = ADMIN,
) -> ExecutionView:
    """Submit as an admin of `tenant` and wait for the execution to finish."""
    sub = await rt.submit(SubmitIntent(tenant, intent, params or {}, roles=roles))
    return await rt.wait(tenant, sub.execution_id, timeout=60)


async def result(
    rt: Runtime, intent: str, params: dict[str, Any] | None = None, tenant: str = A
) -> Any:
    """Run a Control Tower intent that must complete; its result."""
    view = await run(rt, intent, params, tenant)
    assert view.status == "completed", view.error
    return view.result
