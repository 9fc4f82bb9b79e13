"""The Symphainy exception tree; every class carries its RFC 9457 problem identity.

Defined in `_base` (the root), `_request` (refusals of a request) and `_platform` (the
platform's failures and execution outcomes); import them from here.

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
    │   ├── ScheduleNotFound          (404, schedule-not-found)
    │   ├── JourneyNotFound           (404, journey-not-found)
    │   └── SolutionNotFound          (404, solution-not-found)
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
    │   ├── ScheduleLimitReached      (409, schedule-limit-reached)
    │   ├── SolutionLimitReached      (409, solution-limit-reached)
    │   └── LastAdmin                 (409, last-admin)
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

from symphainy.errors._base import PROBLEM_BASE, SymphainyError
from symphainy.errors._platform import (
    ApprovalRejected,
    BootError,
    CancelledOnRequest,
    ConfigurationError,
    ExecutionCancelled,
    ExecutionSuspended,
    ExecutionTimeout,
    HandlerError,
    IntentVersionRetired,
    JourneyStepFailed,
    LeaseExpired,
    MissingDependency,
    ReasoningFailed,
    ReasoningNotConfigured,
    ReasoningUnavailable,
    SecretsUnavailable,
    SignalTimeout,
    StoreUnavailable,
    is_rejection,
)
from symphainy.errors._request import (
    ArtifactNotFound,
    ArtifactTypeMismatch,
    AuthenticationRequired,
    Conflict,
    ExecutionFinished,
    ExecutionNotFound,
    FieldError,
    Forbidden,
    IllegalTransition,
    IntentNotFound,
    InvalidCheckpoint,
    InvalidCursor,
    InvalidParameters,
    InvalidRequest,
    JourneyNotFound,
    LastAdmin,
    LimitExceeded,
    NotFound,
    PayloadTooLarge,
    PendingIntentNotFound,
    QuotaExceeded,
    RateLimited,
    ScheduleLimitReached,
    ScheduleNotFound,
    SessionNotFound,
    SolutionLimitReached,
    SolutionNotFound,
    field_errors,
)

__all__ = [
    "PROBLEM_BASE",
    "ApprovalRejected",
    "ArtifactNotFound",
    "ArtifactTypeMismatch",
    "AuthenticationRequired",
    "BootError",
    "CancelledOnRequest",
    "ConfigurationError",
    "Conflict",
    "ExecutionCancelled",
    "ExecutionFinished",
    "ExecutionNotFound",
    "ExecutionSuspended",
    "ExecutionTimeout",
    "FieldError",
    "Forbidden",
    "HandlerError",
    "IllegalTransition",
    "IntentNotFound",
    "IntentVersionRetired",
    "InvalidCheckpoint",
    "InvalidCursor",
    "InvalidParameters",
    "InvalidRequest",
    "JourneyNotFound",
    "JourneyStepFailed",
    "LastAdmin",
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
    "SolutionLimitReached",
    "SolutionNotFound",
    "StoreUnavailable",
    "SymphainyError",
    "field_errors",
    "is_rejection",
]
