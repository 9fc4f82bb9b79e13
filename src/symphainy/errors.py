"""The Symphainy exception tree; every class carries its RFC 9457 problem identity.

    SymphainyError
    ├── ConfigurationError            (500, configuration)
    │   └── MissingDependency         (500, missing-dependency)
    ├── BootError                     (503, boot-failed)
    ├── StoreUnavailable              (503, store-unavailable)
    ├── NotFound                      (404, not-found)
    │   ├── IntentNotFound            (404, intent-not-found)
    │   ├── ExecutionNotFound         (404, execution-not-found)
    │   ├── SessionNotFound           (404, session-not-found)
    │   ├── ArtifactNotFound          (404, artifact-not-found)
    │   ├── PendingIntentNotFound     (404, pending-intent-not-found)
    │   └── ScheduleNotFound          (404, schedule-not-found)
    ├── InvalidParameters             (422, invalid-parameters)
    │   ├── ArtifactTypeMismatch      (422, artifact-type-mismatch)
    │   ├── InvalidCheckpoint         (422, invalid-checkpoint)
    │   └── InvalidCursor             (422, invalid-cursor)
    ├── InvalidRequest                (400, invalid-request)
    ├── PayloadTooLarge               (413, payload-too-large)
    │   └── LimitExceeded             (413, limit-exceeded)
    ├── IllegalTransition             (409, illegal-transition)
    │   └── ExecutionFinished         (409, execution-finished)
    ├── Conflict                      (409, conflict)
    │   └── ScheduleLimitReached      (409, schedule-limit-reached)
    ├── AuthenticationRequired        (401, authentication-required)
    ├── Forbidden                     (403, forbidden)
    ├── RateLimited                   (429, rate-limited)
    │   └── QuotaExceeded             (429, quota-exceeded)
    ├── ReasoningNotConfigured        (503, reasoning-not-configured)
    ├── ReasoningUnavailable          (503, reasoning-unavailable): retryable
    ├── ReasoningFailed               (502, reasoning-failed)
    ├── SecretsUnavailable            (410, secrets-unavailable)
    ├── IntentVersionRetired          (410, intent-version-retired)
    └── HandlerError                  (500, handler-failed): raised by intent handlers
        ├── ExecutionTimeout          (504, execution-timeout)
        ├── SignalTimeout             (504, signal-timeout)
        ├── LeaseExpired              (500, lease-expired)
        └── CancelledOnRequest        (409, cancelled)

`ExecutionCancelled` and `ExecutionSuspended` derive from `BaseException` on purpose:
handler code that catches `Exception` cannot swallow a cancellation or a suspension.
"""

from __future__ import annotations

from typing import ClassVar

from symphainy.types import JSONObject, JSONValue

PROBLEM_BASE = "https://symphainy.dev/problems/"


class SymphainyError(Exception):
    """Something went wrong in Symphainy."""

    problem_type: ClassVar[str] = "error"
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str | None = None, **extra: object) -> None:
        self.detail = detail or (type(self).__doc__ or self.title).strip()
        self.extra: JSONObject = {k: _jsonable(v) for k, v in extra.items()}
        super().__init__(self.detail)

    @property
    def type_uri(self) -> str:
        """The stable problem `type` URI of this error."""
        return PROBLEM_BASE + self.problem_type

    def to_problem(self, instance: str | None = None) -> JSONObject:
        """Render this error as an RFC 9457 problem object."""
        body: JSONObject = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def _jsonable(value: object) -> JSONValue:
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


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


class NotFound(SymphainyError):
    """The resource does not exist (or belongs to another tenant)."""

    problem_type = "not-found"
    status = 404
    title = "Not found"


class IntentNotFound(NotFound):
    """No intent is registered under that intent_type."""

    problem_type = "intent-not-found"
    title = "Unknown intent"


class ExecutionNotFound(NotFound):
    """No such execution in this tenant."""

    problem_type = "execution-not-found"
    title = "Execution not found"


class SessionNotFound(NotFound):
    """No such session in this tenant."""

    problem_type = "session-not-found"
    title = "Session not found"


class ArtifactNotFound(NotFound):
    """No such artifact in this tenant."""

    problem_type = "artifact-not-found"
    title = "Artifact not found"


class PendingIntentNotFound(NotFound):
    """No such pending intent in this tenant."""

    problem_type = "pending-intent-not-found"
    title = "Pending intent not found"


class ScheduleNotFound(NotFound):
    """No such schedule in this tenant."""

    problem_type = "schedule-not-found"
    title = "Schedule not found"


class JourneyNotFound(NotFound):
    """No journey with that id is registered."""

    problem_type = "journey-not-found"
    title = "Journey not found"


class SolutionNotFound(NotFound):
    """No solution with that id is registered."""

    problem_type = "solution-not-found"
    title = "Solution not found"


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


class InvalidParameters(SymphainyError):
    """The intent's parameters do not match its registered contract."""

    problem_type = "invalid-parameters"
    status = 422
    title = "Invalid parameters"


class ArtifactTypeMismatch(InvalidParameters):
    """The artifact exists in this tenant but has another type (`artifact_type` names it)."""

    problem_type = "artifact-type-mismatch"
    title = "Artifact has another type"


class InvalidCursor(InvalidParameters):
    """A list's `cursor` is not one that list handed out (malformed, or from another list)."""

    problem_type = "invalid-cursor"
    title = "Invalid cursor"


class InvalidCheckpoint(InvalidParameters):
    """A WAL checkpoint this service did not sign for this tenant (altered, foreign, malformed)."""

    problem_type = "invalid-checkpoint"
    title = "Invalid WAL checkpoint"


class InvalidRequest(SymphainyError):
    """The request is malformed."""

    problem_type = "invalid-request"
    status = 400
    title = "Invalid request"


class PayloadTooLarge(SymphainyError):
    """The request body or upload exceeds the configured limit."""

    problem_type = "payload-too-large"
    status = 413
    title = "Payload too large"


class LimitExceeded(PayloadTooLarge):
    """Content goes over a configured limit once inflated or read (bytes, rows, cells, pages).

    `extra` names the `limit` (the Setting), its configured `maximum` and what was `found`.
    """

    problem_type = "limit-exceeded"
    title = "Limit exceeded"


class IllegalTransition(SymphainyError):
    """The requested lifecycle transition is not allowed from the current state."""

    problem_type = "illegal-transition"
    status = 409
    title = "Illegal transition"


class ExecutionFinished(IllegalTransition):
    """The execution already finished; it takes no more signals."""

    problem_type = "execution-finished"
    title = "Execution finished"


class Conflict(SymphainyError):
    """The request conflicts with the current state."""

    problem_type = "conflict"
    status = 409
    title = "Conflict"


class ScheduleLimitReached(Conflict):
    """The tenant holds as many schedules as the Setting `schedules_per_tenant` allows."""

    problem_type = "schedule-limit-reached"
    title = "Schedule limit reached"


class LastAdmin(Conflict):
    """The change would leave the tenant without an active admin."""

    problem_type = "last-admin"
    title = "Last admin"


class AuthenticationRequired(SymphainyError):
    """A valid credential is required."""

    problem_type = "authentication-required"
    status = 401
    title = "Authentication required"


class Forbidden(SymphainyError):
    """The credential does not allow this operation."""

    problem_type = "forbidden"
    status = 403
    title = "Forbidden"


class RateLimited(SymphainyError):
    """Too many requests; retry later."""

    problem_type = "rate-limited"
    status = 429
    title = "Rate limited"


class QuotaExceeded(RateLimited):
    """The tenant is at one of its quotas (see docs/OPERATIONS.md, "Quotas and limits").

    The problem names the `quota`, its `limit`, the `current` use and, when the quota resets
    with time, `resets_at` (ISO 8601) and `retry_after` (seconds, also the Retry-After header).
    """

    problem_type = "quota-exceeded"
    title = "Quota exceeded"


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


__all__ = [
    "PROBLEM_BASE",
    "ApprovalRejected",
    "ArtifactNotFound",
    "AuthenticationRequired",
    "BootError",
    "ConfigurationError",
    "Conflict",
    "ExecutionCancelled",
    "ExecutionFinished",
    "ExecutionNotFound",
    "ExecutionSuspended",
    "ExecutionTimeout",
    "Forbidden",
    "HandlerError",
    "IllegalTransition",
    "IntentNotFound",
    "InvalidCursor",
    "InvalidParameters",
    "InvalidRequest",
    "JourneyNotFound",
    "JourneyStepFailed",
    "LeaseExpired",
    "LimitExceeded",
    "MissingDependency",
    "NotFound",
    "PayloadTooLarge",
    "PendingIntentNotFound",
    "QuotaExceeded",
    "RateLimited",
    "ReasoningFailed",
    "ReasoningNotConfigured",
    "ReasoningUnavailable",
    "ScheduleLimitReached",
    "ScheduleNotFound",
    "SecretsUnavailable",
    "SessionNotFound",
    "SignalTimeout",
    "SolutionNotFound",
    "StoreUnavailable",
    "SymphainyError",
]
