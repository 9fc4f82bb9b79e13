"""Services: one runtime's components, built once in Φ3 and held by the Runtime alone.

This is the runtime's composition root. Nothing below the Runtime imports it: each component,
the worker and every execution context is handed only the parts it uses (issue #15).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from symphainy.config import Settings
from symphainy.reasoning import ReasoningProvider
from symphainy.runtime._artifacts import ArtifactRegistry
from symphainy.runtime._catalogue import Catalogue
from symphainy.runtime._children import ChildRuntime
from symphainy.runtime._composed import ComposedSolutions
from symphainy.runtime._context_factory import ContextFactory
from symphainy.runtime._events import EventHub
from symphainy.runtime._identity import IdentityService
from symphainy.runtime._metrics import PlatformMetrics
from symphainy.runtime._pending import PendingIntents
from symphainy.runtime._quotas import MeteredBlobStore
from symphainy.runtime._reasoning import StoreUsageLedger
from symphainy.runtime._registry import IntentRegistry
from symphainy.runtime._retention import Retention
from symphainy.runtime._secrets import SecretVault
from symphainy.runtime._signals import SignalTimer
from symphainy.runtime._state import StateSurface
from symphainy.runtime._wal import Wal
from symphainy.runtime._worker import Worker
from symphainy.security import load_or_create_service_secret
from symphainy.store import BlobStore, Store

if TYPE_CHECKING:
    from symphainy.observability._execution_spans import ExecutionTracer


@dataclass(frozen=True, slots=True, kw_only=True)
class Services:
    """One runtime's components (boot and tests reach them as `Runtime.services`)."""

    settings: Settings
    registry: IntentRegistry
    store: Store
    blobs: BlobStore
    hub: EventHub
    state: StateSurface
    artifacts: ArtifactRegistry
    pending: PendingIntents
    wal: Wal
    reasoning: ReasoningProvider
    secrets: SecretVault
    identity: IdentityService
    metrics: PlatformMetrics
    """Built once, handed to the intents that declare `store.read` (the Control Tower)."""
    signal_timer: SignalTimer
    """Resumes executions whose `ctx.signals.wait` timed out (runs where workers run)."""
    retention: Retention
    """Retention policies, legal holds and runs (handed to `store.retention` intents)."""
    solutions: ComposedSolutions
    """Tenants' composed solutions (handed to `solutions.*` intents; checked at submit)."""

    @classmethod
    def build(
        cls, settings: Settings, registry: IntentRegistry, store: Store, blobs: BlobStore
    ) -> Services:
        """Every component of a runtime over `store` and `blobs` (writes metered by quota)."""
        # The WAL checks, and retention signs, compaction anchors with the service secret.
        secret = load_or_create_service_secret(settings)
        wal = Wal(store, secret)
        blobs = MeteredBlobStore(blobs, store.quotas, settings.quota_storage_bytes)
        ledger = StoreUsageLedger(store, settings.quota_reasoning_tokens_per_day)
        hub = EventHub()
        return cls(
            settings=settings,
            registry=registry,
            store=store,
            blobs=blobs,
            hub=hub,
            state=StateSurface(store),
            artifacts=ArtifactRegistry(store, blobs),
            pending=PendingIntents(store, registry, hub),
            wal=wal,
            reasoning=ReasoningProvider.from_settings(settings, ledger),
            secrets=SecretVault(),
            identity=IdentityService(store, settings),
            metrics=PlatformMetrics(store, blobs, settings, registry),
            signal_timer=SignalTimer(store, settings),
            retention=Retention(store, blobs, wal, settings, secret),
            solutions=ComposedSolutions(store, settings, registry),
        )

    def worker(self, runtime: ChildRuntime, tracer: ExecutionTracer | None = None) -> Worker:
        """A worker whose handlers start and cancel child executions through `runtime`."""
        contexts = ContextFactory(
            settings=self.settings,
            registry=self.registry,
            catalogue=Catalogue(self.registry),
            store=self.store,
            state=self.state,
            artifacts=self.artifacts,
            pending=self.pending,
            reasoning=self.reasoning,
            identity=self.identity,
            metrics=self.metrics,
            runtime=runtime,
            signal_timer=self.signal_timer,
            retention=self.retention,
            solutions=self.solutions,
        )
        return Worker(
            self.store,
            self.settings,
            self.registry,
            vault=self.secrets,
            hub=self.hub,
            contexts=contexts,
            tracer=tracer,
        )
