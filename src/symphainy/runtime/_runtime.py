"""Runtime: the facade that accepts intents and answers questions about their executions."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import replace
from typing import Any

from symphainy.config import Settings
from symphainy.contracts import (
    JOURNEY_INTENT,
    TERMINAL,
    ExecutionView,
    SessionView,
    SubmitIntentResponse,
)
from symphainy.errors import (
    Forbidden,
    IllegalTransition,
    InvalidParameters,
    SessionNotFound,
)
from symphainy.observability import execution_tracer
from symphainy.runtime import _collector
from symphainy.runtime._artifacts import ArtifactRegistry
from symphainy.runtime._facade import CallerFacade
from symphainy.runtime._pending import PendingIntents
from symphainy.runtime._quotas import quota_defaults
from symphainy.runtime._registry import IntentRegistry, IntentSpec
from symphainy.runtime._retention import Retention
from symphainy.runtime._runtime_reads import ExecutionReads
from symphainy.runtime._scheduler import Scheduler
from symphainy.runtime._schedules import Schedules
from symphainy.runtime._secrets import SecretVault
from symphainy.runtime._services import Services
from symphainy.runtime._state import StateSurface
from symphainy.runtime._submit import (
    REUSED_KEY,
    Recorder,
    SubmitIntent,
    caller_of,
    log_orphaned_failure,
    new_execution,
)
from symphainy.runtime._submit_lanes import SubmitLanes
from symphainy.runtime._views import execution_view, session_view, ts
from symphainy.runtime._wal import Wal
from symphainy.runtime._worker import Worker
from symphainy.security._principal import Principal, require_role
from symphainy.store import (
    BlobStore,
    Commit,
    LocalBlobStore,
    SessionRow,
    Store,
    dumps,
    open_store,
)

log = logging.getLogger(__name__)
ABANDONED_AFTER_SECONDS = 6 * 3600
"""Scratch files untouched this long were left by a crashed process (a parse is far shorter)."""


class Runtime(ExecutionReads):
    """Validates, records and executes intents. Use as `async with Runtime(...) as rt:`."""

    def __init__(
        self,
        settings: Settings,
        registry: IntentRegistry,
        *,
        store: Store | None = None,
        blobs: BlobStore | None = None,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self._owns_store = store is None
        store = store or open_store(settings.resolved_database_url)
        blobs = blobs or LocalBlobStore(settings.resolved_blob_dir)
        self.services = Services.build(settings, registry, store, blobs)
        self.tracer = execution_tracer(settings)
        """The execution spans when tracing is on (`otlp_endpoint`), else None."""
        self._record = Recorder(
            store,
            self.services.secrets,
            settings.lease_seconds,
            registry.running_limits,
            SubmitLanes(settings.submit_lane_depth),
            quota_defaults(settings),
            self.tracer,
        )
        self.worker: Worker | None = None
        self.scheduler: Scheduler | None = None
        self._collector_held = False
        self.schedules = Schedules(settings, store, self, self._wake_scheduler)
        self._background: set[asyncio.Task[Any]] = set()

    def for_caller(self, principal: Principal) -> CallerFacade:
        """The runtime as `principal` may use it: every SDK operation, every policy check."""
        return CallerFacade(self, principal)

    @property
    def store(self) -> Store:
        """The store this runtime writes to."""
        return self.services.store

    @property
    def state(self) -> StateSurface:
        """The StateSurface."""
        return self.services.state

    @property
    def artifacts(self) -> ArtifactRegistry:
        """The ArtifactRegistry."""
        return self.services.artifacts

    @property
    def pending(self) -> PendingIntents:
        """Pending intents."""
        return self.services.pending

    @property
    def wal(self) -> Wal:
        """The WAL."""
        return self.services.wal

    @property
    def retention(self) -> Retention:
        """Retention policies, legal holds and runs."""
        return self.services.retention

    async def __aenter__(self) -> Runtime:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Open the store (if owned), wire notifications, start workers."""
        store = self.services.store
        if self._owns_store:
            await store.open()
        store.on_commit(self._committed)
        store.on_events(self.services.hub.committed)
        store.on_pending(self.services.hub.pending_changed)
        store.on_resync(self.services.hub.resync)
        if self.tracer is not None:
            store.trace_commits(self.tracer)
        if self.settings.workers_enabled:
            swept = await asyncio.to_thread(self.services.blobs.sweep, ABANDONED_AFTER_SECONDS)
            if swept:
                log.warning("removed %d work files left behind by a crashed process", swept)
            self.worker = self.services.worker(self, self.tracer)
            store.on_work(self.worker.wake)
            store.on_events(self._remote_events)
            await self.worker.start()
            self.scheduler = Scheduler(store, self.settings, self.submit)
            store.on_work(self.scheduler.wake)
            self.scheduler.start()
            self.services.signal_timer.start()
        self._collector_held = _collector.hold(self.settings.gc_young_threshold)

    async def stop(self) -> None:
        """Stop workers, then close the store (if owned)."""
        if self._collector_held:
            self._collector_held = False
            _collector.release()
        await self.services.signal_timer.stop()
        if self.scheduler is not None:
            await self.scheduler.stop()
            self.scheduler = None
        if self.worker is not None:
            await self.worker.stop()
            self.worker = None
        await self.services.reasoning.aclose()
        await self.services.identity.aclose()
        if self._owns_store:
            await self.services.store.close()
        if self.tracer is not None:
            await asyncio.to_thread(self.tracer.provider.shutdown)  # exports what is buffered

    def _committed(self, commit: Commit) -> None:
        self.services.hub.committed(commit.touched, commit.finished)
        if commit.pending_tenants:
            self.services.hub.pending_changed(commit.pending_tenants)
        if commit.new_work and self.worker is not None:
            self.worker.wake()
        if commit.finished and self.scheduler is not None:
            self.scheduler.finished(commit.finished)

    def _wake_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.wake()

    def _remote_events(self, touched: set[str], finished: set[str]) -> None:
        if self.scheduler is not None:
            self.scheduler.finished(finished)
        worker = self.worker
        if worker is not None and any(worker.owns(i) for i in touched):
            task = asyncio.get_running_loop().create_task(self._check_remote_cancels(touched))
            self._background.add(task)  # keep a reference until it is done
            task.add_done_callback(self._background.discard)

    async def _check_remote_cancels(self, ids: set[str]) -> None:
        assert self.worker is not None
        for row in await self.services.store.executions_by_id(sorted(ids)):
            if row.cancel_requested and self.worker.owns(row.execution_id):
                self.worker.cancel_local(row.execution_id)

    def admit(self, request: SubmitIntent) -> tuple[dict[str, Any], dict[str, str], IntentSpec]:
        """Every check a submission passes before it is recorded (authority, contract, admission).

        Returns the parameters as stored (secrets masked), the secrets, and the contract (the
        newest version, or the one the request names) they were admitted under.
        """
        if REUSED_KEY in request.metadata:
            raise InvalidParameters(f"metadata key {REUSED_KEY!r} is set by the runtime only")
        reg = self.registry.get(request.intent_type, request.intent_version)
        if request.anonymous and not reg.spec.anonymous_ok:
            raise Forbidden(f"intent {request.intent_type!r} requires a signed-in user")
        if reg.spec.role is not None:
            require_role(caller_of(request), reg.spec.role)
        validated = reg.spec.validate(request.parameters)
        if reg.spec.admission is not None:
            validated = reg.spec.admission(validated) or validated
        params = validated.model_dump(mode="json")  # SecretStr fields are masked here
        return params, SecretVault.extract(validated), reg.spec

    async def submit(self, request: SubmitIntent) -> SubmitIntentResponse:
        """Validate and durably record an intent; return at once (execution is asynchronous)."""
        request = await self.services.solutions.admit(request)
        params, secrets, spec = self.admit(request)
        if request.solution_id is None and request.intent_type == JOURNEY_INTENT:
            # A journey runs under the one solution bundling it, however it was started (the
            # Journeys view, a schedule), so the solution registry counts its runs.
            solution = self.registry.solution_of_journey(params["journey_id"])
            request = replace(request, solution_id=solution)
        new = new_execution(request, params, spec.retry.max_attempts, spec.version)
        # Recording and starting are one step the caller cannot interrupt: a caller cancelled
        # mid-write (a client hanging up, a journey being cancelled) must not leave a row this
        # worker claimed but never runs, which would sit until its lease ran out as "worker lost".
        task = asyncio.ensure_future(self._record(self.worker, new, secrets, request.intent_type))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        try:
            row, deduplicated = await asyncio.shield(task)
        except asyncio.CancelledError:
            task.add_done_callback(log_orphaned_failure)
            raise
        return SubmitIntentResponse(
            execution_id=row.execution_id,
            intent_id=row.intent_id,
            created_at=ts(row.created_at),
            deduplicated=deduplicated,
        )

    async def cancel(self, tenant_id: str, execution_id: str) -> ExecutionView:
        """Cancel: immediately when not running, otherwise by signalling its worker."""
        row = await self.services.store.cancel(tenant_id, execution_id)
        if row.status == "running" and self.worker is not None:
            self.worker.cancel_local(execution_id)
        await self._cancel_children(tenant_id, execution_id)
        return execution_view(row)

    async def _cancel_children(self, tenant_id: str, execution_id: str) -> None:
        # A cancelled journey takes its running steps with it (and theirs, recursively).
        for child in await self.services.store.child_executions(tenant_id, execution_id):
            if child.status in TERMINAL:
                continue
            try:
                await self.cancel(tenant_id, child.execution_id)
            except IllegalTransition:
                continue  # it finished meanwhile

    async def resume(self, tenant_id: str, execution_id: str) -> ExecutionView:
        """Make a `waiting` execution runnable again (IllegalTransition if it is not waiting)."""
        if not await self.services.store.resume(tenant_id, execution_id):
            row = await self._row(tenant_id, execution_id)
            raise IllegalTransition(
                f"execution {execution_id} is {row.status}, not waiting", current_status=row.status
            )
        return execution_view(await self._row(tenant_id, execution_id))

    async def create_session(
        self,
        tenant_id: str,
        *,
        user_id: str | None = None,
        anonymous: bool = False,
        metadata: dict[str, Any] | None = None,
        session_id: str | None = None,
    ) -> SessionView:
        """Start a session in this tenant."""
        now = time.time()
        row = SessionRow(
            session_id or uuid.uuid4().hex,
            tenant_id,
            user_id,
            int(anonymous),
            dumps(metadata or {}),
            "active",
            now,
            now,
            None,
        )
        store = self.services.store
        await store.write(lambda tx: store.records.create_session(tx, row))
        return session_view(row)

    async def get_session(self, tenant_id: str, session_id: str) -> SessionView:
        """A session of this tenant."""
        row = await self.services.store.get_session(tenant_id, session_id)
        if row is None:
            raise SessionNotFound(f"session {session_id} not found")
        return session_view(row)

    async def upgrade_session(
        self,
        from_tenant: str,
        session_id: str,
        tenant_id: str,
        user_id: str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        """Attach an anonymous session to a signed-in user, in place."""
        store = self.services.store
        row = await store.write(
            lambda tx: store.records.upgrade_session(
                tx, from_tenant, session_id, tenant_id, user_id, metadata
            )
        )
        return session_view(row)

    async def readiness(self) -> dict[str, Any]:
        """Store reachable, migrations current, workers alive."""
        store = self.services.store
        latency = await store.ping()
        current, head = await store.migration_status()
        workers = await store.live_workers(self.settings.lease_seconds)
        return {
            "store": store.engine,
            "store_latency_ms": round(latency * 1000, 3),
            "migration": current,
            "migration_head": head,
            "migrations_current": current == head,
            "live_workers": workers,
            "local_worker": self.worker is not None,
        }
