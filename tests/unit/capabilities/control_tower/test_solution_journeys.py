"""A journey started without naming a solution runs under the one solution bundling it, so the
solution registry counts the runs people start from the Journeys view (it showed 0 before)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.capabilities.control_tower import register as register_control_tower
from symphainy.contracts import JOURNEY_INTENT
from symphainy.runtime import (
    IntentRegistry,
    Runtime,
    Solution,
    SubmitIntent,
    register_journey_engine,
)
from symphainy.testing import local_runtime
from tests.unit.capabilities.control_tower.conftest import A, result
from tests.unit.runtime.intents import register_test_intents
from tests.unit.runtime.journey_intents import register_journey_test_intents

CHAINS = Solution("chains", "Chains", "Runs the chain journey.", journeys=("chain",))
# Two solutions bundle `diamond`: a run of it is not guessed into either.
SHARED = (
    Solution("left", "Left", "Shares diamond.", journeys=("diamond",)),
    Solution("right", "Right", "Shares diamond.", journeys=("diamond",)),
)


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    reg = IntentRegistry()
    register_journey_engine(reg)
    for register in (register_test_intents, register_journey_test_intents, register_control_tower):
        register(reg)
    for solution in (CHAINS, *SHARED):
        reg.register_solution(solution)
    reg.check()
    async with local_runtime(
        reg, database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        yield rt


async def journey(rt: Runtime, journey_id: str, solution_id: str | None = None) -> str | None:
    params = {"journey_id": journey_id, "journey_params": {"x": 1}}
    sub = await rt.submit(SubmitIntent(A, JOURNEY_INTENT, params, solution_id=solution_id))
    view = await rt.wait(A, sub.execution_id, timeout=60)
    assert view.status == "completed", view.error
    return view.solution_id


async def test_a_journey_runs_under_its_solution(runtime: Runtime) -> None:
    assert await journey(runtime, "chain") == "chains"
    assert await journey(runtime, "diamond") is None  # two solutions bundle it
    assert await journey(runtime, "diamond", "left") == "left"  # named by the caller
    got = await result(runtime, "list_solutions")
    runs = {s["solution_id"]: s["executions"] for s in got["solutions"]}
    # The journey and its steps (children inherit the solution): chain has three steps.
    assert runs == {"chains": 4, "left": 5, "right": 0}
