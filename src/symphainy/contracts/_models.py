"""Wire models shared by the Runtime API, the Experience service and the SDK."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ExecutionStatus = Literal["created", "running", "waiting", "completed", "failed", "cancelled"]
LifecycleState = Literal["PENDING", "READY", "FAILED", "ARCHIVED", "DELETED"]


class Wire(BaseModel):
    """Base for wire models: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """An RFC 9457 problem detail."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str


class SubmitIntentRequest(Wire):
    """Submit an intent. The tenant comes from the credential, never from this body."""

    intent_type: str = Field(min_length=1, max_length=128)
    parameters: dict[str, Any] = Field(default_factory=dict)
    session_id: str | None = None
    solution_id: str | None = None
    intent_id: str | None = Field(default=None, max_length=64)
    parent_execution_id: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: str | None = Field(default=None, max_length=256)


class SubmitIntentResponse(Wire):
    """The accepted intent: execution runs asynchronously."""

    execution_id: str
    intent_id: str
    status: Literal["accepted"] = "accepted"
    created_at: datetime
    deduplicated: bool = False


class ProducedBy(Wire):
    """Which execution produced an artifact."""

    intent_type: str | None
    execution_id: str | None


class Materialization(Wire):
    """Where an artifact's bytes (or a rendering of them) are stored."""

    storage_type: str
    uri: str
    format: str
    size: int | None = None
    sha256: str | None = None


class ArtifactView(Wire):
    """An artifact with its lineage."""

    artifact_id: str
    artifact_type: str
    lifecycle_state: LifecycleState
    produced_by: ProducedBy
    semantic_descriptor: dict[str, Any]
    materializations: list[Materialization]
    parent_artifacts: list[str]
    session_id: str | None
    created_at: datetime
    updated_at: datetime


class ArtifactPage(Wire):
    """A page of artifacts."""

    artifacts: list[ArtifactView]
    total: int
    limit: int
    offset: int


class Lineage(Wire):
    """An artifact's ancestry and descendants."""

    artifact_id: str
    parents: list[str]
    children: list[str]
    ancestors: list[ArtifactView] = Field(default_factory=list)
    descendants: list[ArtifactView] = Field(default_factory=list)


class ExecutionView(Wire):
    """An execution's record as a client sees it."""

    execution_id: str
    intent_id: str
    intent_type: str
    status: ExecutionStatus
    attempt: int
    max_attempts: int
    session_id: str | None
    solution_id: str | None
    user_id: str | None
    parent_execution_id: str | None
    parameters: dict[str, Any]
    result: Any = None
    error: Problem | None = None
    cancel_requested: bool
    last_event_seq: int
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    artifacts: list[ArtifactView] | None = None


class ExecutionEvent(Wire):
    """One event on an execution's stream (seq is gap-free from 1)."""

    execution_id: str
    seq: int
    kind: str
    data: dict[str, Any]
    created_at: datetime


class SessionView(Wire):
    """A session."""

    session_id: str
    tenant_id: str
    user_id: str | None
    is_anonymous: bool
    metadata: dict[str, Any]
    status: str
    created_at: datetime
    updated_at: datetime
    upgraded_at: datetime | None


class PendingIntentView(Wire):
    """A deferred intent waiting to be resumed."""

    intent_id: str
    intent_type: str
    status: Literal["pending", "claimed", "completed", "cancelled"]
    target_artifact_id: str | None
    context: dict[str, Any]
    session_id: str | None
    user_id: str | None
    execution_id: str | None
    created_at: datetime
    updated_at: datetime


class PendingIntentPage(Wire):
    """Pending intents matching a filter."""

    intents: list[PendingIntentView]
    total: int


class WalEntryView(Wire):
    """One write-ahead log entry of the caller's tenant."""

    seq: int
    kind: str
    execution_id: str | None
    exec_seq: int | None
    payload: dict[str, Any]
    created_at: datetime
    prev_hash: str
    hash: str


class WalVerification(Wire):
    """The result of walking a tenant's hash chain."""

    valid: bool
    entries_checked: int
    head_seq: int
    first_broken_seq: int | None = None
    reason: str | None = None


class RetryPolicyView(Wire):
    """How failed attempts are retried."""

    max_attempts: int
    backoff_seconds: float
    backoff_multiplier: float
    max_backoff_seconds: float


class IntentContract(Wire):
    """A registered intent's contract, with JSON Schemas."""

    intent_type: str
    realm: str
    description: str
    anonymous_ok: bool
    parameters_schema: dict[str, Any]
    result_schema: dict[str, Any]
    produces: list[str]
    retry: RetryPolicyView
    timeout_seconds: float | None
    experience: str | None = None


class RealmView(Wire):
    """A capability group and its intents."""

    realm: str
    intents: list[str]
