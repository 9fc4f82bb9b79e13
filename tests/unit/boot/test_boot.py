"""Boot phases: each logs its outcome; a failed phase stops boot and names what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.boot import PHASES, Boot
from symphainy.config import Settings
from symphainy.errors import BootError
from symphainy.runtime import IntentRegistry, Journey, Step
from tests.threads import store_threads
from tests.unit.runtime.intents import register_test_intents


async def test_phases_run_in_order_and_the_sdk_is_ready_after_phase_3(tmp_path: Path) -> None:
    boot = Boot(Settings(home=tmp_path), capabilities=[register_test_intents])
    await boot.start()
    try:
        assert [r.name for r in boot.results] == list(PHASES[:3])
        assert boot.sdk_ready
        await boot.attach(console=lambda: "attached")
        assert boot.report()["reached"] == PHASES[3]
        assert boot.surfaces == {"console": "attached"}
    finally:
        await boot.stop()


async def test_unreachable_store_stops_boot_in_phase_1(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    boot = Boot(Settings(home=tmp_path, database_url=url), capabilities=[register_test_intents])
    with pytest.raises(BootError) as info:
        await boot.start()
    assert info.value.extra["phase"] == PHASES[0]
    assert "cannot open postgres store" in info.value.detail
    assert not boot.sdk_ready
    assert boot.report()["reached"] == "none"


async def test_unwritable_blob_dir_stops_boot(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    settings = Settings(home=tmp_path, blob_dir=blocker / "blobs")
    boot = Boot(settings, capabilities=[register_test_intents])
    with pytest.raises(BootError) as info:
        await boot.start()
    assert info.value.extra["phase"] == PHASES[0]
    await boot.stop()


async def test_a_failed_phase_closes_what_earlier_phases_opened(
    database_url: str, tmp_path: Path
) -> None:
    def dangling(registry: IntentRegistry) -> None:
        register_test_intents(registry)
        registry.register_journey(Journey("broken", "", (Step("a", "no_such_intent"),)))

    before = store_threads()
    boot = Boot(Settings(home=tmp_path, database_url=database_url), capabilities=[dangling])
    with pytest.raises(BootError) as info:
        await boot.start()
    assert info.value.extra["phase"] == PHASES[2]
    assert "no_such_intent" in info.value.detail
    # Φ1 opened the store (writer thread, and on PostgreSQL a LISTEN thread): all closed again.
    assert boot.store is None
    left = store_threads() - before
    assert left == set()
