"""Boot: Φ1 infrastructure → Φ2 settings → Φ3 runtime graph (SDK ready) → Φ4 attach surfaces.

Startup succeeds when the Experience SDK is ready (end of Φ3). A failed phase stops boot with
a `BootError` naming the phase and what to fix; `Boot.report()` says which phase was reached.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from symphainy.config import Settings
from symphainy.errors import BootError, SymphainyError
from symphainy.runtime import IntentRegistry, Runtime, register_journey_engine
from symphainy.store import LocalBlobStore, Store, open_store

log = logging.getLogger("symphainy.boot")
Capability = Callable[[IntentRegistry], None]
ENTRY_POINT_GROUP = "symphainy.capabilities"
PHASES = ("Φ1 infrastructure", "Φ2 settings", "Φ3 runtime graph", "Φ4 surfaces")


@dataclass
class PhaseResult:
    """The outcome of one boot phase."""

    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass
class Boot:
    """Runs the boot phases and keeps what they produced."""

    settings: Settings
    capabilities: list[Capability] | None = None
    results: list[PhaseResult] = field(default_factory=list)
    store: Store | None = None
    registry: IntentRegistry | None = None
    runtime: Runtime | None = None
    surfaces: dict[str, Any] = field(default_factory=dict)

    @property
    def reached(self) -> str:
        """The last phase that succeeded ("none" before Φ1)."""
        done = [r.name for r in self.results if r.ok]
        return done[-1] if done else "none"

    @property
    def sdk_ready(self) -> bool:
        """True once Φ3 completed: the Experience SDK can serve calls."""
        return any(r.ok and r.name == PHASES[2] for r in self.results)

    def report(self) -> dict[str, Any]:
        """Phase outcomes, for `/ready` and the CLI."""
        return {
            "reached": self.reached,
            "sdk_ready": self.sdk_ready,
            "phases": [r.__dict__ for r in self.results],
        }

    async def start(self) -> Runtime:
        """Φ1 to Φ3. Returns the running Runtime (the SDK is ready).

        A failed phase closes what the earlier ones opened before raising `BootError`.
        """
        try:
            await self._phase(PHASES[0], self._infrastructure)
            await self._phase(PHASES[1], self._settings)
            await self._phase(PHASES[2], self._runtime_graph)
        except BaseException:
            await self.stop()
            raise
        assert self.runtime is not None
        return self.runtime

    async def attach(self, **surfaces: Callable[[], Any]) -> dict[str, Any]:
        """Φ4: build each experience surface (name → factory) against the ready SDK."""

        async def build() -> str:
            for name, factory in surfaces.items():
                self.surfaces[name] = factory()
            return ", ".join(surfaces) or "no surfaces"

        await self._phase(PHASES[3], build)
        return self.surfaces

    async def stop(self) -> None:
        """Stop the runtime and close the store."""
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None
        if self.store is not None:
            await self.store.close()
            self.store = None

    async def _phase(self, name: str, step: Callable[[], Any]) -> None:
        start = time.perf_counter()
        try:
            detail = await step()
        except SymphainyError as exc:
            self._record(name, False, start, exc.detail)
            raise BootError(f"{name} failed: {exc.detail}", phase=name) from exc
        except OSError as exc:
            self._record(name, False, start, str(exc))
            raise BootError(f"{name} failed: {exc}", phase=name) from exc
        self._record(name, True, start, str(detail))

    def _record(self, name: str, ok: bool, start: float, detail: str) -> None:
        result = PhaseResult(name, ok, round(time.perf_counter() - start, 4), detail)
        self.results.append(result)
        (log.info if ok else log.error)(
            "%s %s (%.3fs): %s", name, "ok" if ok else "FAILED", result.seconds, detail
        )

    async def _infrastructure(self) -> str:
        url = self.settings.resolved_database_url
        store = open_store(url, migrate=self.settings.auto_migrate)
        await store.open()
        self.store = store
        current, head = await store.migration_status()
        if current != head:
            raise BootError(
                f"database is at migration {current}, code expects {head}: "
                f"run `symphainy db migrate`"
            )
        blobs = self.settings.resolved_blob_dir
        await asyncio.to_thread(LocalBlobStore(blobs).check_writable)
        return f"{store.engine} store reachable at migration {current}; blobs writable at {blobs}"

    async def _settings(self) -> str:
        s = self.settings
        return (
            f"workers={'on' if s.workers_enabled else 'off'} "
            f"concurrency={s.worker_concurrency} lease={s.lease_seconds}s"
        )

    async def _runtime_graph(self) -> str:
        registry = build_registry(self.capabilities)
        self.registry = registry
        self.runtime = Runtime(self.settings, registry, store=self.store)
        await self.runtime.start()
        return (
            f"{len(registry)} intents in {len(registry.realms())} realms, "
            f"{len(registry.journeys())} journeys; Experience SDK ready"
        )


def build_registry(capabilities: Iterable[Capability] | None = None) -> IntentRegistry:
    """The journey engine plus `capabilities` (default: every installed one), checked."""
    registry = IntentRegistry()
    register_journey_engine(registry)
    for register in capabilities if capabilities is not None else discover():
        register(registry)
    registry.check()  # every journey and solution names registered intents
    return registry


def discover() -> Iterable[Capability]:
    """Capabilities installed under the `symphainy.capabilities` entry-point group."""
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        yield ep.load()
