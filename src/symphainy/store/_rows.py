"""Frozen row values the store hands to the runtime."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from symphainy.store._json import loads
from symphainy.types import JSONObject, JSONValue

T = TypeVar("T")


def columns(cls: type[Any]) -> str:
    """The SELECT column list for a row class, in field order."""
    return ", ".join(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True)
class ExecutionRow:
    """One execution record."""

    execution_id: str
    tenant_id: str
    intent_id: str
    intent_type: str
    session_id: str | None
    solution_id: str | None
    user_id: str | None
    parent_execution_id: str | None
    idempotency_key: str | None
    parameters: str
    metadata: str
    status: str
    attempt: int
    max_attempts: int
    result: str | None
    error: str | None
    lease_owner: str | None
    lease_expires: float | None
    run_after: float
    cancel_requested: int
    event_seq: int
    correlation_id: str | None
    request_id: str | None
    created_at: float
    updated_at: float
    started_at: float | None
    completed_at: float | None
    schedule_id: str | None = None
    schedule_due: float | None = None
    not_before: float | None = None
    intent_version: int = 1
    retry_of: str | None = None
    priority: int = 0
    fair_seq: int = 0
    """Its place within its priority, highest first (tenants round-robin; `store/_queue.py`)."""
    search_attributes: str | None = None
    traceparent: str | None = None
    """The W3C `traceparent` of the submit span (None when tracing was off at submit)."""
    tracestate: str | None = None
    """The W3C `tracestate` that came with it."""

    @property
    def params(self) -> JSONObject:
        """Parameters as parsed JSON."""
        value: JSONObject = loads(self.parameters)
        return value

    @property
    def result_value(self) -> JSONValue:
        """Result as parsed JSON (None until completed)."""
        return loads(self.result)  # type: ignore[no-any-return]

    @property
    def error_value(self) -> JSONObject | None:
        """Error problem object, if any."""
        return loads(self.error)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class WalRow:
    """One write-ahead log entry."""

    tenant_id: str
    seq: int
    kind: str
    execution_id: str | None
    exec_seq: int | None
    payload: str
    created_at: float
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One session."""

    session_id: str
    tenant_id: str
    user_id: str | None
    is_anonymous: int
    metadata: str
    status: str
    created_at: float
    updated_at: float
    upgraded_at: float | None


@dataclass(frozen=True, slots=True)
class ArtifactRow:
    """One artifact record (parents loaded separately)."""

    artifact_id: str
    tenant_id: str
    artifact_type: str
    lifecycle_state: str
    produced_by_intent: str | None
    produced_by_execution: str | None
    session_id: str | None
    semantic_descriptor: str
    materializations: str
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class PendingRow:
    """One pending (deferred) intent."""

    intent_id: str
    tenant_id: str
    intent_type: str
    target_artifact_id: str | None
    context: str
    status: str
    session_id: str | None
    user_id: str | None
    execution_id: str | None
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class StateRow:
    """One state entry."""

    tenant_id: str
    scope: str
    scope_id: str
    key: str
    value: str
    expires_at: float | None
    updated_at: float


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One schedule: what it runs, when, as whom, and where its timing stands."""

    schedule_id: str
    tenant_id: str
    intent_type: str
    journey_id: str | None
    parameters: str
    cron: str | None
    timezone: str | None
    every_seconds: int | None
    at: float | None
    session_id: str | None
    user_id: str | None
    roles: str
    overlap: str
    catchup: str
    status: str
    next_due: float | None
    last_due: float | None
    last_execution_id: str | None
    buffered_due: float | None
    last_error: str | None
    lease_owner: str | None
    lease_expires: float | None
    created_at: float
    updated_at: float
    priority: int = 0


def build(cls: type[T], row: tuple[Any, ...]) -> T:
    """Build a row value from a tuple in `columns(cls)` order."""
    return cls(*row)


@dataclass(frozen=True, slots=True)
class NewExecution:
    """A validated intent, ready to become an execution."""

    execution_id: str
    tenant_id: str
    intent_id: str
    intent_type: str
    parameters: str
    max_attempts: int
    session_id: str | None = None
    solution_id: str | None = None
    user_id: str | None = None
    parent_execution_id: str | None = None
    idempotency_key: str | None = None
    metadata: str = "{}"
    correlation_id: str | None = None
    request_id: str | None = None
    schedule_id: str | None = None
    schedule_due: float | None = None
    not_before: float | None = None
    """Start no earlier than this (epoch seconds); None or past: runnable at once."""
    intent_version: int = 1
    retry_of: str | None = None
    priority: int = 0
    """Higher is claimed first (within `PRIORITY_MIN`..`PRIORITY_MAX`)."""
    search_attributes: str | None = None
    """The caller's search attributes (JSON, wire form), indexed on insert; None: none."""
    traceparent: str | None = None
    """The W3C trace context to continue in the worker (set by the runtime when tracing)."""
    tracestate: str | None = None
