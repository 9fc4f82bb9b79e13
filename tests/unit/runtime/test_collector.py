"""The collector's young threshold is the Setting while a runtime runs, and restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from symphainy.config import Settings
from symphainy.runtime import SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import build_registry

T = "tenant-gc"


@pytest.fixture(autouse=True)
def interpreter_thresholds() -> Iterator[tuple[int, int, int]]:
    """Thresholds unlike both the interpreter's default and the Setting's, to see them kept."""
    before = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    yield (900, 11, 12)
    gc.set_threshold(*before)


async def test_a_running_runtime_sets_the_young_threshold_and_stopping_restores_it(
    tmp_path: Path,
) -> None:
    async with local_runtime(build_registry(), home=tmp_path, gc_young_threshold=12_345) as rt:
        assert gc.get_threshold() == (12_345, 11, 12)
        submitted = await rt.submit(SubmitIntent(T, "add_one", {"x": 1}))
        assert (await rt.wait(T, submitted.execution_id)).result == {"value": 2}
    assert gc.get_threshold() == (900, 11, 12)


async def test_runtimes_in_one_process_share_it_until_the_last_stops(tmp_path: Path) -> None:
    async with local_runtime(build_registry(), home=tmp_path / "a", gc_young_threshold=5000):
        async with local_runtime(build_registry(), home=tmp_path / "b", gc_young_threshold=7000):
            assert gc.get_threshold() == (5000, 11, 12)  # the first to start set it
        assert gc.get_threshold() == (5000, 11, 12)  # the first still runs
    assert gc.get_threshold() == (900, 11, 12)


async def test_zero_leaves_the_interpreters_thresholds(tmp_path: Path) -> None:
    async with local_runtime(build_registry(), home=tmp_path, gc_young_threshold=0):
        assert gc.get_threshold() == (900, 11, 12)
    assert gc.get_threshold() == (900, 11, 12)


def test_the_default_is_ten_thousand_and_a_negative_threshold_is_refused() -> None:
    assert Settings().gc_young_threshold == 10_000
    with pytest.raises(ValidationError, match="gc_young_threshold"):
        Settings(gc_young_threshold=-1)
