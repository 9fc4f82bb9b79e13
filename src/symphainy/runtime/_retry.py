"""Retry and rerun: a failed or cancelled execution re-run as a new execution linked to it.

The retry runs the version of the intent the original ran (IntentVersionRetired when that
version is gone) with the original's parameters, in its session, with the authority of the
caller who asks. A journey resumes from its failed step: the new journey is told which of the
original's completed steps to reuse (`REUSED_KEY`), sees them as done and starts only the rest.
A step that was compensated was undone, so it runs again. `from_step` reruns that step and
every step after it (its descendants in the DAG) and reuses the other completed ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from symphainy.contracts import JOURNEY_INTENT, ExecutionView, Problem
from symphainy.contracts._retries import (
    BulkRetryResult,
    RetriedExecution,
    RetryExecutionRequest,
    RetryFailedRequest,
)
from symphainy.errors import (
    ExecutionNotFound,
    InvalidParameters,
    SecretsUnavailable,
    SymphainyError,
)
from symphainy.runtime._caller import WRITER_ROLE, CallerRuntime, checked, checked_id
from symphainy.runtime._children import ChildExecutions
from symphainy.runtime._journey_engine import COMPENSATION_PREFIX
from symphainy.runtime._journeys import Journey
from symphainy.runtime._secrets import secret_fields
from symphainy.runtime._submit import (
    ANONYMOUS_KEY,
    REUSED_KEY,
    ROLES_KEY,
    SOLUTION_VERSION_KEY,
    SubmitIntent,
)
from symphainy.security._principal import Principal, require_role
from symphainy.store import ExecutionRow, loads

# A retry is a new run: it is admitted again under its solution's version of the day.
_RUNTIME_KEYS = frozenset({ROLES_KEY, ANONYMOUS_KEY, REUSED_KEY, SOLUTION_VERSION_KEY})


async def original(rt: CallerRuntime, caller: Principal, execution_id: str) -> ExecutionRow:
    """The caller's tenant's execution to retry, or ExecutionNotFound."""
    row = await rt.store.get_execution(caller.tenant_id, execution_id)
    if row is None:
        raise ExecutionNotFound(f"execution {execution_id} not found")
    return row


async def retry_execution(
    rt: CallerRuntime,
    caller: Principal,
    row: ExecutionRow,
    session_id: str | None,
    from_step: str | None = None,
) -> ExecutionView:
    """Re-run the caller's failed or cancelled execution `row`; the new execution's view.

    `session_id` is the session the caller may act in (the facade's binding check already
    ran on the original's session). The store refuses, atomically, an original that is not
    failed or cancelled, or that was retried already (409).
    """
    reg = rt.registry.pinned(row.intent_type, row.intent_version)
    if secret_fields(reg.spec.params):
        raise SecretsUnavailable(
            f"{row.intent_type} takes secret parameters, which are not kept; submit it again"
        )
    reused: dict[str, str] = {}
    if row.intent_type == JOURNEY_INTENT:
        reused = await _reusable_steps(rt, row, from_step)
    elif from_step is not None:
        raise _bad_step(f"{row.intent_type} is not a journey: it has no steps to rerun from")
    submitted = await rt.submit(_resubmission(row, caller, session_id, reused))
    return await rt.get_execution(caller.tenant_id, submitted.execution_id)


def _resubmission(
    row: ExecutionRow, caller: Principal, session_id: str | None, reused: dict[str, str]
) -> SubmitIntent:
    metadata = {k: v for k, v in loads(row.metadata).items() if k not in _RUNTIME_KEYS}
    return SubmitIntent(
        tenant_id=caller.tenant_id,
        intent_type=row.intent_type,
        parameters=row.params,
        session_id=session_id,
        solution_id=row.solution_id,
        user_id=caller.user_id,
        metadata=metadata,
        correlation_id=row.correlation_id or row.execution_id,
        anonymous=caller.anonymous,
        roles=caller.roles,
        intent_version=row.intent_version,
        retry_of=row.execution_id,
        reused_steps=reused,
        priority=row.priority,
    )


async def _reusable_steps(
    rt: CallerRuntime, row: ExecutionRow, from_step: str | None
) -> dict[str, str]:
    """Step name → the completed, uncompensated execution the retry reuses."""
    journey = _journey_of(rt, row)
    rerun: set[str] = set()
    if from_step is not None:
        if from_step not in {s.name for s in journey.steps}:
            raise _bad_step(f"journey {journey.journey_id!r} has no step {from_step!r}")
        rerun = {from_step} | descendants(journey, from_step)
    kids = await ChildExecutions(rt, row).by_key()
    return {
        step.name: kids[step.name].execution_id
        for step in journey.steps
        if step.name in kids
        and kids[step.name].status == "completed"
        and COMPENSATION_PREFIX + step.name not in kids
        and step.name not in rerun
    }


def _journey_of(rt: CallerRuntime, row: ExecutionRow) -> Journey:
    params = row.params
    journey_id, version = params.get("journey_id"), params.get("journey_version")
    assert isinstance(journey_id, str)  # validated at submit (ComposeJourneyParams)
    if isinstance(version, int):
        return rt.registry.pinned_journey(journey_id, version)
    return rt.registry.journey(journey_id)  # recorded before journeys had versions


def descendants(journey: Journey, name: str) -> set[str]:
    """Every step that runs after `name` (transitively)."""
    return {s.name for s in journey.steps if name in journey.ancestors(s.name)}


def _bad_step(detail: str) -> InvalidParameters:
    return InvalidParameters(
        detail, errors=[{"loc": ["body", "from_step"], "msg": detail, "type": "value_error"}]
    )


async def retry_failed(
    rt: CallerRuntime,
    caller: Principal,
    *,
    intent_type: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    dry_run: bool,
) -> BulkRetryResult:
    """Retry (or, on a dry run, only select) up to `limit` failed executions, oldest first."""
    ids, matched = await rt.store.retryable_failures(
        caller.tenant_id,
        intent_type=intent_type,
        since=None if since is None else since.timestamp(),
        until=None if until is None else until.timestamp(),
        limit=limit,
    )
    done = [RetriedExecution(retry_of=i) for i in ids]
    if not dry_run:
        done = [await _retry_one(rt, caller, i) for i in ids]
    return BulkRetryResult(dry_run=dry_run, matched=matched, limit=limit, executions=done)


async def _retry_one(rt: CallerRuntime, caller: Principal, execution_id: str) -> RetriedExecution:
    # One refusal (a retired version, a race with another retry) does not stop the others:
    # each is answered with its own problem.
    try:
        row = await original(rt, caller, execution_id)
        view = await retry_execution(rt, caller, row, row.session_id)
    except SymphainyError as exc:
        problem = Problem.model_validate(exc.to_problem())
        return RetriedExecution(retry_of=execution_id, problem=problem)
    return RetriedExecution(retry_of=execution_id, execution_id=view.execution_id)


class RetryOperations(Protocol):
    """The retry operations of `CallerFacade` (kept here to keep the facade's module small)."""

    _rt: CallerRuntime
    principal: Principal

    def _bound(self, session_id: str | None) -> str | None: ...

    async def retry_execution(
        self, execution_id: str, from_step: str | None = None
    ) -> ExecutionView:
        """Re-run a failed or cancelled execution of the caller's tenant as a new execution."""
        checked_id("execution_id", execution_id)
        body = checked(RetryExecutionRequest, from_step=from_step)
        row = await original(self._rt, self.principal, execution_id)
        session = self._bound(row.session_id)  # a session-bound credential: its own only
        return await retry_execution(self._rt, self.principal, row, session, body.from_step)

    async def retry_failed(self, **filters: Any) -> BulkRetryResult:
        """Retry a member's tenant's failed executions matching `filters` (a bounded batch)."""
        require_role(self.principal, WRITER_ROLE)
        body = checked(RetryFailedRequest, **filters)
        cap = self._rt.settings.max_bulk_retry
        return await retry_failed(
            self._rt,
            self.principal,
            intent_type=body.intent_type,
            since=body.since,
            until=body.until,
            limit=min(body.limit or cap, cap),
            dry_run=body.dry_run,
        )
