"""Workers: claim executions with a lease, heartbeat, run handlers with timeout/retry/cancel."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from symphainy.config import Settings
from symphainy.errors import (
    CancelledOnRequest,
    ExecutionCancelled,
    ExecutionSuspended,
    ExecutionTimeout,
    HandlerError,
    SymphainyError,
)
from symphainy.observability import running_execution
from symphainy.runtime._context import ExecutionContext
from symphainy.runtime._events import EventHub, wait_event
from symphainy.runtime._registry import IntentRegistry, RegisteredIntent
from symphainy.runtime._secrets import SecretVault
from symphainy.store import ExecutionRow, Store, dumps

if TYPE_CHECKING:
    from symphainy.observability._execution_spans import ExecutionTracer

log = logging.getLogger(__name__)


class Worker:
    """Runs up to `worker_concurrency` executions at once in this process."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        registry: IntentRegistry,
        *,
        vault: SecretVault,
        hub: EventHub,
        contexts: Callable[[ExecutionRow], ExecutionContext],
        tracer: ExecutionTracer | None = None,
    ) -> None:
        self._store, self._settings, self._registry = store, settings, registry
        self._vault, self._hub, self._contexts = vault, hub, contexts
        self._tracer = tracer
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.capacity = settings.worker_concurrency
        self.lease = settings.lease_seconds
        self._active: dict[str, tuple[asyncio.Task[None], ExecutionContext | None]] = {}
        self._reserved = 0
        self._reasons: dict[str, str] = {}
        self._finishing: set[str] = set()
        self._tenants: dict[str, str] = {}
        self._wake = asyncio.Event()
        # True while runnable work may be waiting in the store (a notification arrived, or the
        # last claim filled every free slot); freed slots only trigger a claim then.
        self._backlog = True
        self._loops: list[asyncio.Task[None]] = []

    @property
    def active(self) -> int:
        """Executions running here now."""
        return len(self._active)

    async def start(self) -> None:
        """Announce this worker and start claiming."""
        await self._store.register_worker(self.worker_id, socket.gethostname(), os.getpid())
        self._loops = [
            asyncio.create_task(self._claim_loop(), name="symphainy-claim"),
            asyncio.create_task(self._heartbeat_loop(), name="symphainy-heartbeat"),
        ]

    async def stop(self, grace: float = 5.0) -> None:
        """Stop claiming; let running executions finish for `grace` seconds, then abandon them.

        Abandoned executions keep their lease, which expires; another worker re-claims them.
        """
        for task in self._loops:
            task.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        running = [t for t, _ in self._active.values()]
        if running:
            await asyncio.wait(running, timeout=grace)
        for task, _ in list(self._active.values()):
            task.cancel()
        await asyncio.gather(*(t for t, _ in self._active.values()), return_exceptions=True)
        await self._store.unregister_worker(self.worker_id)

    def wake(self) -> None:
        """Look for work now (new submissions, due retries)."""
        self._backlog = True
        self._wake.set()

    def try_reserve(self) -> bool:
        """Reserve a slot so a submit can claim its execution in the same transaction."""
        if len(self._active) + self._reserved >= self.capacity:
            return False
        self._reserved += 1
        return True

    def release(self) -> None:
        """Give back a reservation that was not used."""
        self._reserved -= 1

    def start_claimed(self, row: ExecutionRow) -> None:
        """Run an execution that a submit claimed for this worker."""
        self._reserved -= 1
        self._spawn(row)

    def cancel_local(self, execution_id: str, reason: str = "cancel") -> bool:
        """Cancel a running execution here; True if it runs in this process."""
        entry = self._active.get(execution_id)
        if entry is None or execution_id in self._finishing:
            return entry is not None  # the outcome is being recorded; let it land
        task, ctx = entry
        self._reasons[execution_id] = reason
        if ctx is not None:
            ctx._cancelled = True
        task.cancel()
        return True

    def owns(self, execution_id: str, tenant_id: str | None = None) -> bool:
        """Whether this worker is running the execution (for `tenant_id`, when given)."""
        tenant = self._tenants.get(execution_id)
        return tenant is not None and (tenant_id is None or tenant == tenant_id)

    async def _claim_loop(self) -> None:
        while True:
            self._wake.clear()
            free = self.capacity - len(self._active) - self._reserved
            claimed_at = time.time()
            if free > 0 and await self._claim(free):
                continue  # every free slot filled: more may be waiting
            # No busy polling: sleep until the next due time (a delayed start, a retry, a lease
            # to expire) unless a submit, a NOTIFY or a freed slot wakes us first.
            await wait_event(self._wake, await self._idle_seconds(claimed_at if free > 0 else None))

    async def _claim(self, free: int) -> bool:
        """Claim up to `free` executions and start them; True if that filled every slot."""
        self._backlog = False
        began = time.time()
        try:
            rows = await self._store.claim(
                self.worker_id,
                free,
                self.lease,
                self._registry.running_limits(),
                self._settings.claim_window,
                self._settings.quota_max_running,
            )
        except SymphainyError:
            log.exception("claim failed; retrying after the poll interval")
            return False
        claim = None if self._tracer is None else (began, time.time())
        for row in rows:
            self._spawn(row, claim)
        if rows and len(rows) == free:
            self._backlog = True  # (a wake during the claim may have set it already)
            return True
        return False

    async def _idle_seconds(self, claimed_at: float | None) -> float:
        """How long to sleep: until the store's next due time, `poll_seconds` at most."""
        poll = self._settings.poll_seconds
        if claimed_at is None:  # no free slot: a finishing execution wakes us
            return poll
        try:
            due = await self._store.next_due()
        except SymphainyError:
            log.exception("reading the next due time failed; sleeping the poll interval")
            return poll
        if due is None or due <= claimed_at:
            # Nothing queued, or work that was due when we claimed and we did not get: another
            # worker holds it (SKIP LOCKED) and will run it; the poll interval is the safety net.
            return poll
        return min(poll, max(0.0, due - time.time()))

    async def _heartbeat_loop(self) -> None:
        interval = self.lease / 3
        store = self._store
        while True:
            await asyncio.sleep(interval)
            try:
                await store.register_worker(self.worker_id, socket.gethostname(), os.getpid())
                # Remember which run of each execution was asked about: a waiting execution
                # can be resumed and claimed again here before the answer arrives.
                sent = {i: task for i, (task, _) in self._active.items()}
                owned, cancels = await store.heartbeat(self.worker_id, list(sent), self.lease)
            except SymphainyError:
                log.exception("heartbeat failed")
                continue
            self._apply(sent, owned, cancels)

    def _apply(
        self, sent: dict[str, asyncio.Task[None]], owned: set[str], cancels: set[str]
    ) -> None:
        # Only judge the runs the heartbeat asked about: newer claims (including a new run of
        # a resumed execution) were not in it, and finished runs are no longer active.
        for execution_id, task in sent.items():
            entry = self._active.get(execution_id)
            if entry is None or entry[0] is not task:
                continue
            if execution_id in cancels:
                self.cancel_local(execution_id, "cancel")
            elif execution_id not in owned:
                self.cancel_local(execution_id, "lost")

    def _spawn(self, row: ExecutionRow, claim: tuple[float, float] | None = None) -> None:
        """Run `row` in a task of its own; `claim` timed its claim (tracing only)."""
        task = asyncio.create_task(self._run(row, claim), name=f"exec-{row.execution_id}")
        self._active[row.execution_id] = (task, None)
        self._tenants[row.execution_id] = row.tenant_id

    async def _run(self, row: ExecutionRow, claim: tuple[float, float] | None) -> None:
        running_execution(row)  # log records of this task (and its children) name it
        try:
            if self._tracer is None:
                final = await self._execute(row)
            else:
                final = await self._traced(self._tracer, row, claim)
        finally:
            self._active.pop(row.execution_id, None)
            self._tenants.pop(row.execution_id, None)
            self._reasons.pop(row.execution_id, None)
            self._finishing.discard(row.execution_id)
            if self._backlog:
                self._wake.set()
        if final is not None:
            self._vault.drop(row.execution_id)
            self._hub.finished(final)

    async def _traced(
        self, tracer: ExecutionTracer, row: ExecutionRow, claim: tuple[float, float] | None
    ) -> ExecutionRow | None:
        tracer.dequeued(row, claim)
        with tracer.running(row):
            final = await self._execute(row)
            tracer.finished(final)
        return final

    async def _execute(self, row: ExecutionRow) -> ExecutionRow | None:
        store = self._store
        try:
            reg = self._registry.pinned(row.intent_type, row.intent_version)
            ctx = self._contexts(row)
            self._active[row.execution_id] = (self._active[row.execution_id][0], ctx)
            value = await self._invoke(reg, ctx, row)
            result = dumps(_dump(reg, value))
        except ExecutionCancelled:
            # Raised from inside the run: the cancel was requested, whoever heard of it first.
            self._reasons.setdefault(row.execution_id, "cancel")
            return await self._on_cancel(row)
        except asyncio.CancelledError:
            return await self._on_cancel(row)
        except ExecutionSuspended as suspended:
            self._finishing.add(row.execution_id)
            await store.set_waiting(
                row.tenant_id,
                row.execution_id,
                self.worker_id,
                suspended.reason,
                wake_on=list(suspended.wake_on),
                wake_on_state=suspended.wake_on_state,
            )
            return None
        except TimeoutError:
            return await self._on_failure(
                row, ExecutionTimeout(f"{row.intent_type} exceeded its timeout"), retryable=True
            )
        except SymphainyError as exc:
            return await self._on_failure(row, exc, getattr(exc, "retryable", False))
        except Exception as exc:
            log.warning("handler %s failed: %r", row.intent_type, exc)
            return await self._on_failure(row, HandlerError(_described(exc)), True)
        self._finishing.add(row.execution_id)
        return await store.finish(row.execution_id, self.worker_id, "completed", result=result)

    async def _invoke(self, reg: RegisteredIntent, ctx: ExecutionContext, row: ExecutionRow) -> Any:
        spec = reg.spec
        params = spec.validate(self._vault.merge(row.execution_id, spec.params, row.params))
        timeout = spec.timeout_seconds or self._settings.default_timeout_seconds
        async with asyncio.timeout(timeout):
            if reg.is_async:
                return await reg.handler(ctx, params)
            # Sync handlers run in a thread; on timeout the thread is abandoned, not killed.
            return await asyncio.to_thread(reg.handler, ctx, params)

    async def _on_cancel(self, row: ExecutionRow) -> ExecutionRow | None:
        reason = self._reasons.get(row.execution_id)
        if reason == "cancel":
            error = dumps(CancelledOnRequest("the execution was cancelled on request").to_problem())
            return await self._store.finish(
                row.execution_id, self.worker_id, "cancelled", error=error
            )
        if reason == "lost":
            log.warning("lost the lease on %s; another worker owns it now", row.execution_id)
            return None
        raise asyncio.CancelledError  # the worker itself is shutting down

    async def _on_failure(
        self, row: ExecutionRow, exc: SymphainyError, retryable: bool
    ) -> ExecutionRow | None:
        problem = dumps(exc.to_problem())
        store = self._store
        self._finishing.add(row.execution_id)
        retrying = retryable and row.attempt < row.max_attempts
        if self._tracer is not None:
            self._tracer.failed(exc, retrying)
        if retrying:
            reg = self._registry.pinned(row.intent_type, row.intent_version)
            delay = reg.spec.retry.delay(row.attempt)
            await store.retry(row.execution_id, self.worker_id, problem, delay)
            asyncio.get_running_loop().call_later(delay, self.wake)
            return None
        return await store.finish(row.execution_id, self.worker_id, "failed", error=problem)


def _described(exc: Exception) -> str:
    """An unexpected exception in words for its problem detail.

    pydantic's own text ends each error with "For further information visit
    https://errors.pydantic.dev/…", a page for the intent's author, not for the caller.
    """
    if isinstance(exc, ValidationError):
        errors = exc.errors(include_url=False, include_input=False)
        where = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or exc.title}: {e['msg']}" for e in errors
        )
        return f"ValidationError: {where}"
    return f"{type(exc).__name__}: {exc}"


def _dump(reg: RegisteredIntent, value: Any) -> Any:
    model = reg.spec.result
    try:
        checked = value if isinstance(value, model) else model.model_validate(value)
    except ValidationError as exc:
        raise HandlerError(
            f"{reg.spec.intent_type} returned a result that does not match "
            f"{model.__name__}: {exc.error_count()} error(s)"
        ) from None
    assert isinstance(checked, BaseModel)
    return checked.model_dump(mode="json")
