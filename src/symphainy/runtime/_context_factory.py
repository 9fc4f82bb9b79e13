"""ContextFactory: builds each execution's ExecutionContext from the runtime's components.

The worker claims and runs executions; what a handler may touch is decided here, once, by
binding each facet to the execution's tenant, session and id.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from symphainy.config import Settings
from symphainy.reasoning import ReasoningProvider
from symphainy.runtime._artifacts import ArtifactRegistry, BoundArtifacts
from symphainy.runtime._catalogue import Catalogue
from symphainy.runtime._children import ChildExecutions, ChildRuntime
from symphainy.runtime._composed import BoundSolutions, ComposedSolutions
from symphainy.runtime._context import ContextState, ContextWal, Emitter, ExecutionContext, Grants
from symphainy.runtime._identity import IdentityService
from symphainy.runtime._metrics import PlatformMetrics
from symphainy.runtime._pending import BoundPending, PendingIntents
from symphainy.runtime._registry import IntentRegistry
from symphainy.runtime._retention import Retention
from symphainy.runtime._signals import BoundSignals, SignalTimer
from symphainy.runtime._state import StateSurface
from symphainy.store import ExecutionRow, Store


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextFactory:
    """Makes the ExecutionContext of one claimed execution (call it with the row)."""

    settings: Settings
    registry: IntentRegistry
    catalogue: Catalogue
    store: Store
    state: StateSurface
    artifacts: ArtifactRegistry
    pending: PendingIntents
    reasoning: ReasoningProvider
    identity: IdentityService
    metrics: PlatformMetrics
    runtime: ChildRuntime
    """Where the execution's children are submitted and cancelled."""
    signal_timer: SignalTimer
    retention: Retention
    solutions: ComposedSolutions

    def __call__(self, row: ExecutionRow) -> ExecutionContext:
        """The context a handler of `row` runs with."""
        # One flat call on purpose: every field of the context is visible in one place.
        emit, tenant = self._emitter(row), row.tenant_id
        return ExecutionContext(
            execution_id=row.execution_id,
            intent_id=row.intent_id,
            intent_type=row.intent_type,
            tenant_id=tenant,
            session_id=row.session_id,
            solution_id=row.solution_id,
            user_id=row.user_id,
            parent_execution_id=row.parent_execution_id,
            correlation_id=row.correlation_id,
            request_id=row.request_id,
            attempt=row.attempt,
            max_attempts=row.max_attempts,
            state=self._state(row),
            artifacts=BoundArtifacts(
                self.artifacts, tenant, row.execution_id, row.intent_type, row.session_id
            ),
            pending=BoundPending(self.pending, tenant, row.session_id, row.user_id),
            signals=BoundSignals(self.store, self.signal_timer, tenant, row.execution_id),
            wal=ContextWal(emit),
            reasoning=self.reasoning.bind(tenant, row.execution_id, row.intent_type),
            children=ChildExecutions(self.runtime, row),
            catalogue=self.catalogue,
            settings=self.settings,
            anonymous=self.identity.is_anonymous(tenant),
            loop=asyncio.get_running_loop(),
            _emit=emit,
            _grants=self._grants(row),
        )

    def _emitter(self, row: ExecutionRow) -> Emitter:
        store = self.store

        async def emit(kind: str, payload: Any) -> int:
            return await store.emit(row.tenant_id, row.execution_id, kind, payload)

        return emit

    def _state(self, row: ExecutionRow) -> ContextState:
        state, tenant = self.state, row.tenant_id
        session = state.scoped(tenant, "session", row.session_id) if row.session_id else None
        return ContextState(session, state.scoped(tenant, "execution", row.execution_id))

    def _grants(self, row: ExecutionRow) -> Grants:
        obligations = frozenset(
            self.registry.pinned(row.intent_type, row.intent_version).spec.obligations
        )
        solutions = BoundSolutions(
            self.solutions,
            self.store,
            row.tenant_id,
            row.user_id,
            self.settings.solution_metrics_max_runs,
        )
        return Grants(obligations, self.identity, self.metrics, self.retention, solutions)
