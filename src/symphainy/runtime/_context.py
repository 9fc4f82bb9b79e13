"""ExecutionContext: everything a handler may touch, and nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeAlias, TypeVar

from symphainy.config import Settings
from symphainy.errors import (
    ConfigurationError,
    ExecutionCancelled,
    ExecutionSuspended,
    InvalidRequest,
)
from symphainy.reasoning import Reasoning
from symphainy.runtime._artifacts import BoundArtifacts
from symphainy.runtime._catalogue import Catalogue
from symphainy.runtime._children import ChildExecutions
from symphainy.runtime._composed import BoundSolutions
from symphainy.runtime._identity import IdentityService
from symphainy.runtime._metrics import PlatformMetrics
from symphainy.runtime._pending import BoundPending
from symphainy.runtime._retention import BoundRetention, Retention
from symphainy.runtime._signals import BoundSignals
from symphainy.runtime._state import ScopedState
from symphainy.types import JSONObject

T = TypeVar("T")
# Publishes one event on the execution's stream: (kind, payload) -> sequence number.
Emitter = Callable[[str, JSONObject], Awaitable[int]]
IDENTITY_OBLIGATIONS = frozenset({"identity.read", "identity.write"})
METRICS_OBLIGATION = "store.read"
RETENTION_OBLIGATION = "store.retention"
SOLUTION_OBLIGATIONS = frozenset({"solutions.read", "solutions.write"})


@dataclass(frozen=True, slots=True)
class Grants:
    """Facets only some intents get, each behind the obligation the intent declares."""

    obligations: frozenset[str]
    identity: IdentityService
    metrics: PlatformMetrics
    retention: Retention
    solutions: BoundSolutions

    def need(self, wanted: frozenset[str], intent_type: str, facet: str) -> None:
        """Refuse a facet the intent did not declare (a programming error, caught in tests)."""
        if not wanted & self.obligations:
            raise ConfigurationError(
                f"intent {intent_type!r} uses ctx.{facet} but declares none of the obligations "
                f"{sorted(wanted)}"
            )


class ContextState:
    """State a handler can reach: its session's and its own execution's."""

    def __init__(self, session: ScopedState | None, execution: ScopedState) -> None:
        self._session = session
        self.execution = execution

    @property
    def session(self) -> ScopedState:
        """Session-scoped state (the intent must have been submitted with a session)."""
        if self._session is None:
            raise InvalidRequest("this execution has no session; session state is unavailable")
        return self._session


class ContextWal:
    """Domain events a handler appends to its execution's stream (and the tenant's WAL)."""

    def __init__(self, emit: Emitter) -> None:
        self._emit = emit

    async def append(self, kind: str, payload: JSONObject) -> int:
        """Append `domain.<kind>`; return its event sequence number."""
        return await self._emit(f"domain.{kind}", payload)


@dataclass
class ExecutionContext:
    """What a running handler knows and may do. Handlers never write execution records."""

    execution_id: str
    intent_id: str
    intent_type: str
    tenant_id: str
    session_id: str | None
    solution_id: str | None
    user_id: str | None
    parent_execution_id: str | None
    correlation_id: str | None
    request_id: str | None
    attempt: int
    max_attempts: int
    state: ContextState
    artifacts: BoundArtifacts
    pending: BoundPending
    signals: BoundSignals
    """Signals sent to this execution: `wait` (parks until one arrives), `poll`, `drain`."""
    wal: ContextWal
    reasoning: Reasoning
    children: ChildExecutions
    catalogue: Catalogue
    """The registry, read-only: intent contracts, journeys, solutions."""
    settings: Settings = field(repr=False)
    anonymous: bool
    """True when the execution runs for an anonymous session (its pseudo-tenant)."""
    loop: asyncio.AbstractEventLoop = field(repr=False)
    _emit: Emitter = field(repr=False)
    _grants: Grants = field(repr=False)
    _cancelled: bool = field(default=False, repr=False)

    async def emit(self, kind: str = "progress", **data: Any) -> int:
        """Publish an event on this execution's stream (e.g. `percent=40, message=...`)."""
        return await self._emit(kind, data)

    @property
    def identity(self) -> IdentityService:
        """Users, roles, tokens and tenants; only for intents declaring `identity.*`."""
        self._grants.need(IDENTITY_OBLIGATIONS, self.intent_type, "identity")
        return self._grants.identity

    @property
    def metrics(self) -> PlatformMetrics:
        """Platform figures (Control Tower); only for intents declaring `store.read`."""
        self._grants.need(frozenset({METRICS_OBLIGATION}), self.intent_type, "metrics")
        return self._grants.metrics

    @property
    def retention(self) -> BoundRetention:
        """This tenant's retention runs; only for intents declaring `store.retention`."""
        self._grants.need(frozenset({RETENTION_OBLIGATION}), self.intent_type, "retention")
        return BoundRetention(self._grants.retention, self.tenant_id)

    @property
    def solutions(self) -> BoundSolutions:
        """This tenant's composed solutions; only for intents declaring `solutions.*`."""
        self._grants.need(SOLUTION_OBLIGATIONS, self.intent_type, "solutions")
        return self._grants.solutions

    @property
    def cancelled(self) -> bool:
        """True once cancellation was requested (sync handlers poll this)."""
        return self._cancelled

    def raise_if_cancelled(self) -> None:
        """Stop a sync handler that was cancelled."""
        if self._cancelled:
            raise ExecutionCancelled(self.execution_id)

    def suspend(self, **reason: Any) -> NoReturn:
        """Park this execution in `waiting` (e.g. for an approval); `Runtime.resume` restarts it.

        The handler runs again from the top on resume, with the same attempt number; keep
        progress in `ctx.state.execution` to pick up where it left off.
        """
        raise ExecutionSuspended(reason)

    def wait_for_state(self, key: str, **reason: Any) -> NoReturn:
        """Park until `Runtime.resume`, unless execution-state `key` appears first.

        Whoever resumes this execution writes `key` in the same transaction; if that happened
        before this execution parked, it does not park at all (no lost wake-up).
        """
        raise ExecutionSuspended({**reason, "wake_on_state": key}, wake_on_state=key)

    def wait_for_children(self, execution_ids: list[str], **reason: Any) -> NoReturn:
        """Park until one of these child executions finishes (or `Runtime.resume`)."""
        ids = tuple(execution_ids)
        raise ExecutionSuspended({**reason, "children": list(ids)}, wake_on=ids)

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        """From a sync handler (running in a thread), run a context coroutine and wait."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()


Handler: TypeAlias = Callable[[ExecutionContext, Any], Awaitable[Any] | Any]
"""An intent handler: `(ctx, params) -> result`, async or sync (sync ones run in a thread)."""
