"""SubmitIntent: one intent submission, as the Runtime receives it."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from symphainy.errors import InvalidParameters
from symphainy.runtime._secrets import SecretVault, refuse_unclaimed
from symphainy.runtime._submit_lanes import SubmitLanes
from symphainy.security._principal import Principal
from symphainy.store import ExecutionRow, Inline, NewExecution, QuotaLimits, Store, dumps

if TYPE_CHECKING:
    from symphainy.observability._execution_spans import ExecutionTracer

log = logging.getLogger(__name__)

ROLES_KEY = "submitted_by_roles"
"""Execution metadata key holding the submitter's roles (written by the runtime only)."""
ANONYMOUS_KEY = "submitted_anonymously"
"""Execution metadata key: whether the submitter was anonymous (written by the runtime only)."""
SOLUTION_VERSION_KEY = "solution_version"
"""Execution metadata key: the version of the composed solution a run started under (written by
the runtime only; see `_composed`)."""
REUSED_KEY = "reused_steps"
"""Execution metadata key of a retried journey: step name → the completed execution it reuses
(written by the runtime only; a submit naming it is refused)."""


@dataclass(frozen=True, slots=True)
class SubmitIntent:
    """One intent submission; `tenant_id` comes from the caller's credential."""

    tenant_id: str
    intent_type: str
    parameters: dict[str, Any] = field(default_factory=dict)
    session_id: str | None = None
    solution_id: str | None = None
    user_id: str | None = None
    idempotency_key: str | None = None
    intent_id: str | None = None
    parent_execution_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    correlation_id: str | None = None
    request_id: str | None = None
    anonymous: bool = False
    roles: tuple[str, ...] = ()
    """The caller's roles, from the same credential as `tenant_id` (for `IntentSpec.role`)."""
    schedule_id: str | None = None
    """The schedule that started this run (set by the scheduler only, never from a request)."""
    schedule_due: float | None = None
    """The due time the run is for (its idempotency key is derived from it)."""
    not_before: float | None = None
    """Start no earlier than this (epoch seconds): `scheduled` until then."""
    intent_version: int | None = None
    """The registered version to run (None: the newest)."""
    retry_of: str | None = None
    """The failed or cancelled execution this submission re-runs (set by the runtime only)."""
    reused_steps: dict[str, str] = field(default_factory=dict)
    """A retried journey's completed steps to reuse: step name → execution id (runtime only)."""
    priority: int = 0
    """Higher is started first (checked on the wire: `contracts.PRIORITY_MIN`..`MAX`)."""
    search_attributes: dict[str, Any] = field(default_factory=dict)
    """Checked search attributes in their wire form (`contracts._search`), stored indexed."""


def start_time(not_before: datetime | None, max_ahead: float) -> float | None:
    """A checked `not_before` as epoch seconds (None: start now); a 422 past `max_ahead`."""
    if not_before is None:
        return None
    at = not_before.timestamp()
    if at - time.time() > max_ahead:
        raise InvalidParameters(
            f"not_before may be at most {max_ahead:g} seconds ahead (max_not_before_seconds)",
            errors=[{"loc": ["body", "not_before"], "msg": "too far ahead", "type": "too_late"}],
        )
    return at


def caller_of(req: SubmitIntent) -> Principal:
    """The principal a submission speaks for (for role checks)."""
    return Principal(req.tenant_id, req.user_id, req.roles, req.anonymous)


def new_execution(
    req: SubmitIntent, params: dict[str, Any], max_attempts: int, version: int
) -> NewExecution:
    """The execution record a validated submission of intent `version` becomes."""
    meta = {**req.metadata, ROLES_KEY: list(req.roles), ANONYMOUS_KEY: req.anonymous}
    if req.reused_steps:
        meta[REUSED_KEY] = dict(req.reused_steps)
    return NewExecution(
        execution_id=uuid.uuid4().hex,
        tenant_id=req.tenant_id,
        intent_id=req.intent_id or uuid.uuid4().hex,
        intent_type=req.intent_type,
        parameters=dumps(params),
        max_attempts=max_attempts,
        session_id=req.session_id,
        solution_id=req.solution_id,
        user_id=req.user_id,
        parent_execution_id=req.parent_execution_id,
        idempotency_key=req.idempotency_key,
        # The caller's roles ride along (set here, never from the request) so that a journey's
        # steps run with the authority of whoever started the journey.
        metadata=dumps(meta),
        correlation_id=req.correlation_id,
        request_id=req.request_id,
        schedule_id=req.schedule_id,
        schedule_due=req.schedule_due,
        not_before=req.not_before,
        intent_version=version,
        retry_of=req.retry_of,
        priority=req.priority,
        search_attributes=dumps(req.search_attributes) if req.search_attributes else None,
    )


class LocalWorker(Protocol):
    """What a submission needs of this process's worker to claim its own execution."""

    @property
    def worker_id(self) -> str:
        """The worker's id, written as the claimed execution's owner."""
        ...

    def try_reserve(self) -> bool:
        """Reserve a slot; False when the worker is full."""
        ...

    def release(self) -> None:
        """Give back an unused reservation."""
        ...

    def start_claimed(self, row: ExecutionRow) -> None:
        """Run the execution claimed with the reservation."""
        ...


@dataclass(frozen=True, slots=True)
class Recorder:
    """Writes accepted submissions, each claimed by this process's worker when it has room."""

    store: Store
    vault: SecretVault
    lease_seconds: float
    limits: Callable[[], Mapping[str, int]]
    """The registered running limits (`IntentRegistry.running_limits`)."""
    lanes: SubmitLanes
    quotas: QuotaLimits | None = None
    """The default tenant quotas checked on every write (None: quotas are not checked)."""
    tracer: ExecutionTracer | None = None
    """When tracing: each recording is a `submit` span whose context the execution keeps."""

    async def __call__(
        self,
        worker: LocalWorker | None,
        new: NewExecution,
        secrets: dict[str, str],
        intent_type: str,
    ) -> tuple[ExecutionRow, bool]:
        """Write the execution (claimed by `worker` when it has room) and start it.

        Returns the row and whether it was a duplicate (same idempotency key).
        """
        if self.tracer is None:
            return await self._record(worker, new, secrets, intent_type)
        with self.tracer.submitting(new) as traced:
            row, deduplicated = await self._record(worker, traced, secrets, intent_type)
            self.tracer.submitted(row, deduplicated)
        return row, deduplicated

    async def _record(
        self,
        worker: LocalWorker | None,
        new: NewExecution,
        secrets: dict[str, str],
        intent_type: str,
    ) -> tuple[ExecutionRow, bool]:
        # A delayed start is never claimed here: its worker takes it when it falls due.
        now_ok = new.not_before is None or new.not_before <= time.time()
        owner = worker.worker_id if worker is not None and now_ok and worker.try_reserve() else None
        if secrets and not now_ok:
            raise InvalidParameters(
                f"{intent_type} takes secret parameters, which are held in memory only until "
                "it starts: it cannot be given a later not_before",
                errors=[{"loc": ["body", "not_before"], "msg": "secrets", "type": "value_error"}],
            )
        if secrets and owner is None:
            refuse_unclaimed(intent_type, worker is not None)
        # Secrets live in this process only: such a run starts here or is refused.
        inline = Inline(self.limits(), required=bool(secrets))
        try:
            row, deduplicated = await self.lanes.run(
                new.tenant_id,
                lambda: self.store.submit(new, owner, self.lease_seconds, inline, self.quotas),
            )
        except BaseException:
            if owner is not None and worker is not None:
                worker.release()
            raise
        if owner is not None and worker is not None:
            # Not claimed at submit (work of its priority is queued, or a running limit or its
            # tenant's running cap is full): it queues, and the reservation goes back.
            if deduplicated or row.lease_owner != owner:
                worker.release()
            else:
                self.vault.stash(row.execution_id, secrets)
                worker.start_claimed(row)
        return row, deduplicated


def log_orphaned_failure(task: asyncio.Task[Any]) -> None:
    """Report how a recording ended whose caller was cancelled (nobody else will hear of it)."""
    if not task.cancelled() and task.exception() is not None:
        log.warning("recording an intent failed after its caller left: %r", task.exception())
