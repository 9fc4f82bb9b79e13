"""Refusals of a request (the 4xx problems).

What the caller asked for is missing, malformed, too big, in the wrong state, unauthorised or
over a limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from symphainy.errors._base import SymphainyError

if TYPE_CHECKING:
    from pydantic import ValidationError


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


class InvalidParameters(SymphainyError):
    """The intent's parameters do not match its registered contract."""

    problem_type = "invalid-parameters"
    status = 422
    title = "Invalid parameters"


class FieldError(TypedDict):
    """One entry of an `invalid-parameters` problem's `errors`."""

    loc: list[str]
    msg: str
    type: str


def field_errors(exc: ValidationError, *prefix: str) -> list[FieldError]:
    """A ValidationError as a problem's `errors`: loc, msg and type of each.

    Every loc sits under `prefix` (where the validated value is in the request), so a client
    finds the field each error is about.
    """
    return [
        {"loc": [*prefix, *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_input=False)
    ]


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


class SolutionLimitReached(Conflict):
    """The tenant holds as many composed solutions as `composed_solutions_per_tenant` allows."""

    problem_type = "solution-limit-reached"
    title = "Solution limit reached"


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
