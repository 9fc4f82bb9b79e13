"""The platform's own failures and the outcomes of executions.

Configuration and boot, the store, reasoning, secrets, retired versions, and what a handler
raises.
"""

from __future__ import annotations

from typing import ClassVar

from symphainy.errors._base import PROBLEM_BASE, SymphainyError


class ConfigurationError(SymphainyError):
    """The platform is misconfigured."""

    problem_type = "configuration"
    title = "Configuration error"


class MissingDependency(ConfigurationError):
    """An optional dependency is not installed."""

    problem_type = "missing-dependency"
    title = "Missing dependency"


class BootError(SymphainyError):
    """A boot phase failed."""

    problem_type = "boot-failed"
    status = 503
    title = "Boot failed"


class StoreUnavailable(SymphainyError):
    """The store cannot be reached."""

    problem_type = "store-unavailable"
    status = 503
    title = "Store unavailable"


class JourneyStepFailed(SymphainyError):
    """A journey step failed after its retries; completed steps were compensated."""

    problem_type = "journey-step-failed"
    status = 500
    title = "Journey step failed"


class ApprovalRejected(SymphainyError):
    """A person rejected the approval this execution waited for."""

    problem_type = "approval-rejected"
    status = 409
    title = "Approval rejected"


def is_rejection(problem: object) -> bool:
    """Whether a failure's problem is a person's "no", an outcome rather than a fault.

    That is an `approval-rejected` problem, or a journey step failure caused by one (a
    journey stopped by a rejection carries it as `step_error`).
    """
    if not isinstance(problem, dict):
        return False
    if problem.get("type") == PROBLEM_BASE + ApprovalRejected.problem_type:
        return True
    return problem.get("type") == PROBLEM_BASE + JourneyStepFailed.problem_type and (
        is_rejection(problem.get("step_error"))
    )


class ReasoningNotConfigured(SymphainyError):
    """This intent needs a reasoning provider and none is configured."""

    problem_type = "reasoning-not-configured"
    status = 503
    title = "Reasoning provider not configured"


class ReasoningUnavailable(SymphainyError):
    """The reasoning provider timed out or kept failing (429/5xx) after every retry."""

    problem_type = "reasoning-unavailable"
    status = 503
    title = "Reasoning provider unavailable"
    retryable: ClassVar[bool] = True


class ReasoningFailed(SymphainyError):
    """The reasoning provider refused the request or answered with something unusable."""

    problem_type = "reasoning-failed"
    status = 502
    title = "Reasoning provider failed"


class SecretsUnavailable(SymphainyError):
    """The secret parameters of this execution are not in this process; submit it again."""

    problem_type = "secrets-unavailable"
    status = 410
    title = "Secret parameters unavailable"


class IntentVersionRetired(SymphainyError):
    """The intent version this execution was submitted with is no longer registered.

    Its retries and resumes run that version's handler only: running a newer version's code on
    parameters written for the old one is refused instead.
    """

    problem_type = "intent-version-retired"
    status = 410
    title = "Intent version retired"


class HandlerError(SymphainyError):
    """An intent handler failed."""

    problem_type = "handler-failed"
    title = "Handler failed"
    retryable: ClassVar[bool] = True


class ExecutionTimeout(HandlerError):
    """The handler exceeded its timeout."""

    problem_type = "execution-timeout"
    status = 504
    title = "Execution timed out"


class SignalTimeout(HandlerError):
    """No signal arrived before `ctx.signals.wait(name, timeout=...)` gave up (catchable)."""

    problem_type = "signal-timeout"
    status = 504
    title = "Signal wait timed out"
    retryable = False


class LeaseExpired(HandlerError):
    """The worker running this execution stopped heartbeating."""

    problem_type = "lease-expired"
    title = "Worker lost"


class CancelledOnRequest(HandlerError):
    """The error a running execution ends with when it is cancelled on request."""

    problem_type = "cancelled"
    status = 409
    title = "Cancelled"
    retryable = False


class ExecutionCancelled(BaseException):
    """The execution was cancelled; raised inside the handler's task."""


class ExecutionSuspended(BaseException):
    """The handler parks its execution in `waiting` until it is resumed.

    `wake_on` (child execution ids) and `wake_on_state` (an execution-state key) say what
    resumes it besides `Runtime.resume`; `reason` is what the `execution.waiting` event shows.
    """

    def __init__(
        self,
        reason: dict[str, object],
        *,
        wake_on: tuple[str, ...] = (),
        wake_on_state: str | None = None,
    ) -> None:
        self.reason = reason
        self.wake_on = wake_on
        self.wake_on_state = wake_on_state
        super().__init__(reason)
