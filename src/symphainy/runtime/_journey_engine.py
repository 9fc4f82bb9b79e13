"""The journey engine: `compose_journey` runs a declared journey as child executions.

The parent handler is re-entrant: it runs again from the top each time a child finishes (the
store resumes a waiting parent when a child reaches a terminal state). Each run reads the
children it already has (by step name, via idempotency keys), starts the steps whose
dependencies completed, and parks again. A crash loses nothing: completed children stay
completed and are never started twice. When a step fails after its own retries, in-flight
siblings are cancelled, completed steps are compensated one at a time in reverse completion
order, and the journey fails naming the step.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field

from symphainy.contracts import APPROVAL_SIGNAL, JOURNEY_INTENT, TERMINAL, ExecutionView
from symphainy.contracts._storable import VersionNumber
from symphainy.errors import (
    ApprovalRejected,
    JourneyStepFailed,
    PendingIntentNotFound,
    SymphainyError,
)
from symphainy.runtime._context import ExecutionContext
from symphainy.runtime._journey_signals import take_signal_steps
from symphainy.runtime._journeys import Journey, resolve
from symphainy.runtime._registry import IntentRegistry, IntentSpec, RetryPolicy

APPROVAL_INTENT = "request_approval"
COMPENSATION_PREFIX = "compensate:"
"""A step's compensation runs as the child keyed by this prefix and the step's name."""


class ComposeJourneyParams(BaseModel):
    """Start journey `journey_id` with `journey_params` as its input."""

    model_config = ConfigDict(extra="forbid")
    journey_id: str = Field(min_length=1, max_length=128)
    journey_params: dict[str, Any] = Field(default_factory=dict)
    journey_version: VersionNumber | None = None
    """The journey version to run; the newest when left out (pinned at submit, kept after)."""


class StepOutcome(BaseModel):
    """One step of a finished journey."""

    step: str
    intent_type: str
    execution_id: str
    status: str
    result: Any = None
    signal: str | None = None
    """Set on a signal step: its execution is the journey's own, its result the payload."""


class JourneyResult(BaseModel):
    """A completed journey: every step's execution and result."""

    journey_id: str
    status: Literal["completed"] = "completed"
    steps: list[StepOutcome]


class RequestApprovalParams(BaseModel):
    """Ask a person of this tenant to approve before the journey goes on."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    details: dict[str, Any] = Field(default_factory=dict)


class ApprovalResult(BaseModel):
    """An approval that was granted."""

    approval_id: str
    approved: Literal[True] = True
    decided_by: str | None
    comment: str | None


def register_journey_engine(registry: IntentRegistry) -> None:
    """Register `compose_journey` and `request_approval` (boot does this before capabilities)."""

    def admit(params: BaseModel) -> BaseModel:
        assert isinstance(params, ComposeJourneyParams)
        journey = registry.journey(params.journey_id, params.journey_version)
        journey.validate_input(params.journey_params)
        # Recorded with its version, so every resume and retry runs this definition.
        return params.model_copy(update={"journey_version": journey.version})

    # A crash mid-journey costs an attempt when the lease expires; resumes do not.
    survive = RetryPolicy(max_attempts=5, backoff_seconds=0.5)
    registry.register(
        IntentSpec(
            JOURNEY_INTENT,
            ComposeJourneyParams,
            JourneyResult,
            "journeys",
            "Run a registered journey: each step a child execution, compensated on failure.",
            retry=survive,
            timeout_seconds=120,
            experience="journeys",
            obligations=("executions.children", "state.execution", "signals.wait"),
            admission=admit,
        ),
        compose_journey,
    )
    registry.register(
        IntentSpec(
            APPROVAL_INTENT,
            RequestApprovalParams,
            ApprovalResult,
            "journeys",
            "Wait for a person to approve or reject (a pending `approval` intent).",
            retry=survive,
            timeout_seconds=30,
            experience="journeys",
            obligations=("pending.create", "signals.wait"),
        ),
        request_approval,
    )


async def compose_journey(ctx: ExecutionContext, p: ComposeJourneyParams) -> JourneyResult:
    """Advance the journey as far as it goes now; park until a child finishes."""
    journey = (
        ctx.catalogue.journey(p.journey_id)
        if p.journey_version is None  # recorded before journeys had versions
        else ctx.catalogue.pinned_journey(p.journey_id, p.journey_version)
    )
    journey_input = journey.validate_input(p.journey_params)
    while True:
        kids = await ctx.children.by_key()
        await _report(ctx, journey, kids)
        scope: dict[str, Any] = {"input": journey_input, "steps": _completed(journey, kids)}
        signalling, timed_out = await take_signal_steps(ctx, journey, scope["steps"])
        failure: Any = (
            _first_failure(journey, kids)
            or await ctx.state.execution.get("submit_failure")
            or timed_out
        )
        if failure is not None:
            await _unwind(ctx, journey, kids, scope, failure)
        if len(scope["steps"]) == len(journey.steps):
            outcomes = _outcomes(journey, kids, scope["steps"])
            return JourneyResult(journey_id=journey.journey_id, steps=outcomes)
        started = await _start_ready(ctx, journey, kids, scope)
        running = [v.execution_id for v in kids.values() if v.status not in TERMINAL]
        if not started and running:
            # Open signal waits resume it too: a signal step's signal counts as a wake-up.
            ctx.wait_for_children(running, journey_id=journey.journey_id)
        if not started and signalling:
            ctx.suspend(journey_id=journey.journey_id, waiting_for="signals")
        # Otherwise a step started (and may already have finished, when the worker ran it
        # at once), or one finished since we looked: look again.


def _completed(journey: Journey, kids: dict[str, ExecutionView]) -> dict[str, Any]:
    return {
        s.name: {"execution_id": kids[s.name].execution_id, "result": kids[s.name].result}
        for s in journey.steps
        if s.name in kids and kids[s.name].status == "completed"
    }


async def _start_ready(
    ctx: ExecutionContext, journey: Journey, kids: dict[str, ExecutionView], scope: dict[str, Any]
) -> bool:
    """Start every step whose dependencies completed; True if any started."""
    started = False
    for step in journey.steps:
        if (
            step.signal is not None
            or step.name in kids
            or any(d not in scope["steps"] for d in step.after)
        ):
            continue
        try:
            params = resolve(step.params, scope)
            kids[step.name] = await ctx.children.submit(step.intent_type, params, key=step.name)
        except SymphainyError as exc:
            failure: Any = {"step": step.name, "error": exc.to_problem()}
            await ctx.state.execution.set("submit_failure", failure)
            await _unwind(ctx, journey, kids, scope, failure)
        started = True
    return started


def _first_failure(journey: Journey, kids: dict[str, ExecutionView]) -> dict[str, Any] | None:
    failed = [
        s.name
        for s in journey.steps
        if s.name in kids and kids[s.name].status in ("failed", "cancelled")
    ]
    if not failed:
        return None
    name = min(failed, key=lambda n: kids[n].completed_at or kids[n].updated_at)
    first = kids[name]
    error = first.error.model_dump(mode="json") if first.error else {"status": first.status}
    return {"step": name, "execution_id": first.execution_id, "error": error}


async def _unwind(
    ctx: ExecutionContext,
    journey: Journey,
    kids: dict[str, ExecutionView],
    scope: dict[str, Any],
    failure: Any,
) -> NoReturn:
    """Cancel in-flight steps, compensate completed ones newest first, then fail."""
    in_flight = [
        v
        for k, v in kids.items()
        if not k.startswith(COMPENSATION_PREFIX) and v.status not in TERMINAL
    ]
    if in_flight:
        for view in in_flight:
            await ctx.children.cancel(view.execution_id)
        ctx.wait_for_children([v.execution_id for v in in_flight], unwinding=True)
    done = sorted(
        (
            s.name
            for s in journey.steps
            if s.compensate is not None and s.name in kids and kids[s.name].status == "completed"
        ),
        key=lambda n: kids[n].completed_at or kids[n].updated_at,
        reverse=True,
    )
    for name in done:
        await _compensate(ctx, journey, kids, scope, name, failure)
    compensated = list(done)
    await ctx.emit("journey.failed", step=failure["step"], compensated=compensated)
    raise JourneyStepFailed(
        f"journey {journey.journey_id!r}: step {failure['step']!r} failed"
        + (f"; compensated {', '.join(compensated)}" if compensated else ""),
        step=failure["step"],
        step_error=failure.get("error"),
        compensated=compensated,
    )


async def _compensate(
    ctx: ExecutionContext,
    journey: Journey,
    kids: dict[str, ExecutionView],
    scope: dict[str, Any],
    name: str,
    failure: Any,
) -> None:
    comp = journey.step(name).compensate
    view = kids[name]
    assert comp is not None
    existing = kids.get(COMPENSATION_PREFIX + name)
    if existing is None:
        scope["steps"][name] = {"execution_id": view.execution_id, "result": view.result}
        try:
            params = resolve(comp.params, scope)
            existing = await ctx.children.submit(
                comp.intent_type, params, key=COMPENSATION_PREFIX + name
            )
        except SymphainyError as exc:  # e.g. its parameters do not fit its intent
            _compensation_failed(journey, name, failure, exc.to_problem())
        await ctx.emit("journey.compensating", step=name, execution_id=existing.execution_id)
    if existing.status not in TERMINAL:
        ctx.wait_for_children([existing.execution_id], compensating=name)
    if existing.status != "completed":
        error = existing.error.model_dump(mode="json") if existing.error else None
        _compensation_failed(journey, name, failure, error)


def _compensation_failed(journey: Journey, name: str, failure: Any, error: Any) -> NoReturn:
    raise JourneyStepFailed(
        f"journey {journey.journey_id!r}: step {failure['step']!r} failed and compensating "
        f"{name!r} failed too; manual repair needed",
        step=failure["step"],
        step_error=failure.get("error"),
        compensation_failed=name,
        compensation_error=error,
    )


async def _report(ctx: ExecutionContext, journey: Journey, kids: dict[str, ExecutionView]) -> None:
    """Emit `journey.step` for each step whose status changed since the last round."""
    seen = await ctx.state.execution.get("steps") or {}
    assert isinstance(seen, dict)
    now = {k: v.status for k, v in kids.items()}
    if now == seen:
        return
    for key, status in now.items():
        if seen.get(key) != status:
            await ctx.emit(
                "journey.step", step=key, status=status, execution_id=kids[key].execution_id
            )
    done = sum(1 for s in journey.steps if now.get(s.name) == "completed")
    await ctx.emit("progress", percent=round(100 * done / len(journey.steps)), steps=now)
    await ctx.state.execution.set("steps", dict(now))


def _outcomes(
    journey: Journey, kids: dict[str, ExecutionView], done: dict[str, Any]
) -> list[StepOutcome]:
    return [
        StepOutcome(
            step=s.name,
            intent_type=s.intent_type,
            execution_id=done[s.name]["execution_id"],
            status="completed" if s.signal is not None else kids[s.name].status,
            result=done[s.name]["result"],
            signal=s.signal,
        )
        for s in journey.steps
    ]


async def request_approval(ctx: ExecutionContext, p: RequestApprovalParams) -> ApprovalResult:
    """Create the approval request once; wait for its decision, delivered as a signal."""
    approval_id = uuid.uuid5(uuid.NAMESPACE_URL, f"approval:{ctx.execution_id}").hex
    try:
        await ctx.pending.get(approval_id)
    except PendingIntentNotFound:
        context = {
            "execution_id": ctx.execution_id,
            "parent_execution_id": ctx.parent_execution_id,
            "title": p.title,
            "details": p.details,
            "requested_by": ctx.user_id,
        }
        await ctx.pending.create("approval", context=context, intent_id=approval_id)
        await ctx.emit("approval.requested", approval_id=approval_id, title=p.title)
    decision = (await ctx.signals.wait(APPROVAL_SIGNAL, key=approval_id)).payload
    assert isinstance(decision, dict)  # written by the store's `decide`, never by a caller
    by, comment = decision.get("decided_by"), decision.get("comment")
    if decision.get("approved") is True:
        return ApprovalResult(approval_id=approval_id, decided_by=by, comment=comment)
    raise ApprovalRejected(
        f"{p.title!r} was rejected" + (f": {comment}" if comment else ""),
        approval_id=approval_id,
        decided_by=by,
        comment=comment,
    )
