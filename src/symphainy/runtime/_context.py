"""ExecutionContext: everything a handler may touch, and nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from symphainy.errors import ExecutionCancelled, ExecutionSuspended, InvalidRequest
from symphainy.reasoning import Reasoning
from symphainy.runtime._artifacts import BoundArtifacts
from symphainy.runtime._children import ChildExecutions
from symphainy.runtime._pending import BoundPending
from symphainy.runtime._state import ScopedState
from symphainy.types import JSONObject

if TYPE_CHECKING:
    from symphainy.runtime._services import Services

T = TypeVar("T")


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

    def __init__(self, services: Services, tenant_id: str, execution_id: str) -> None:
        self._services, self._t, self._e = services, tenant_id, execution_id

    async def append(self, kind: str, payload: JSONObject) -> int:
        """Append `domain.<kind>`; return its event sequence number."""
        return await self._services.store.emit(self._t, self._e, f"domain.{kind}", payload)


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
    wal: ContextWal
    reasoning: Reasoning
    children: ChildExecutions
    services: Services = field(repr=False)
    loop: asyncio.AbstractEventLoop = field(repr=False)
    _cancelled: bool = field(default=False, repr=False)

    async def emit(self, kind: str = "progress", **data: Any) -> int:
        """Publish an event on this execution's stream (e.g. `percent=40, message=...`)."""
        return await self.services.store.emit(self.tenant_id, self.execution_id, kind, data)

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
