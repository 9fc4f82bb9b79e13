"""Wire models shared by the Runtime API, the Experience service and the SDK."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from symphainy.contracts._priority import DEFAULT_PRIORITY, Priority
from symphainy.contracts._search import ArtifactSearch, ExecutionSearch, SearchAttributes
from symphainy.contracts._storable import Identifier, JsonInt, VersionNumber, raise_unstorable
from symphainy.contracts._when import NotBefore

ExecutionStatus = Literal[
    "created", "scheduled", "running", "waiting", "completed", "failed", "cancelled"
]
TERMINAL: frozenset[ExecutionStatus] = frozenset({"completed", "failed", "cancelled"})
"""The statuses an execution never leaves (the console's api.js keeps a copy: it has no Python)."""
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


class WireRequest(Wire):
    """Base for request bodies: also refuses what no store can keep.

    That is an integer beyond int64 anywhere in the body, or a NUL character in a
    top-level string (PostgreSQL text cannot hold one); each error names its path.
    """

    @model_validator(mode="after")
    def _storable(self) -> WireRequest:
        raise_unstorable(type(self).__name__, iter(self))
        return self


class SubmitIntentRequest(WireRequest):
    """Submit an intent. The tenant comes from the credential, never from this body."""

    intent_type: str = Field(min_length=1, max_length=128)
    parameters: dict[str, Any] = Field(default_factory=dict)
    session_id: Identifier | None = Field(default=None, max_length=64)
    solution_id: Identifier | None = Field(default=None, max_length=128)
    intent_id: Identifier | None = Field(default=None, max_length=64)
    parent_execution_id: Identifier | None = Field(default=None, max_length=64)
    metadata: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: str | None = Field(default=None, max_length=256)
    not_before: NotBefore | None = None
    """Start no earlier than this (status `scheduled` until then); a past time starts now."""
    intent_version: VersionNumber | None = None
    priority: Priority = DEFAULT_PRIORITY
    """Higher starts first; within a priority, tenants take turns (PRIORITY_MIN..PRIORITY_MAX)."""
    search_attributes: SearchAttributes = Field(default_factory=dict)
    """Typed key/values stored indexed with the execution, to find it by (see `_search`)."""


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
    """A page of artifacts, newest first."""

    artifacts: list[ArtifactView]
    total: int
    limit: int
    next_cursor: str | None
    """Pass as `cursor` for the next page; None on the last page."""


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
    schedule_id: str | None = None
    """The schedule that started this execution, if one did."""
    scheduled_for: datetime | None = None
    """The schedule's due time this run is for (a triggered run: when it was triggered)."""
    not_before: datetime | None = None
    finished_at: datetime | None = Field(default=None, description="Terminal since (completed_at)")
    duration_seconds: float | None = Field(default=None, description="First start to finish")
    intent_version: int = 1
    retry_of: str | None = None
    priority: int = DEFAULT_PRIORITY
    search_attributes: dict[str, Any] = Field(default_factory=dict)


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
    """A page of pending intents matching a filter, newest first."""

    intents: list[PendingIntentView]
    total: int
    limit: int
    next_cursor: str | None
    """Pass as `cursor` for the next page; None on the last page."""


class RetryPolicyView(Wire):
    """How failed attempts are retried."""

    max_attempts: int
    backoff_seconds: float
    backoff_multiplier: float
    max_backoff_seconds: float


class IntentContract(Wire):
    """A registered intent's contract, with JSON Schemas."""

    intent_type: str
    version: int
    versions: list[int]
    """Every registered version of this intent type, oldest first (`version` is this one's)."""
    realm: str
    description: str
    anonymous_ok: bool
    parameters_schema: dict[str, Any]
    result_schema: dict[str, Any]
    produces: list[str]
    retry: RetryPolicyView
    timeout_seconds: float | None
    experience: str | None = None
    role: str | None = None
    """The least role a caller needs to submit this intent (None: any signed-in caller)."""


class RealmView(Wire):
    """A capability group and its intents."""

    realm: str
    intents: list[str]


PageCursor = Annotated[
    str | None,
    Field(
        default=None,
        description="Resume after the page that handed out this `next_cursor` (opaque).",
    ),
]
"""A list request's cursor; a malformed one is a 422 `invalid-cursor` problem."""
PendingStatus = Literal["pending", "claimed", "completed", "cancelled"]


class CreateSessionRequest(WireRequest):
    """Start a session for the caller's principal (tenant and user come from the token)."""

    metadata: dict[str, Any] = Field(default_factory=dict)


class UpgradeSessionRequest(WireRequest):
    """Attach an anonymous session to the caller, a signed-in principal.

    `anonymous_token` is the service token of the anonymous principal that owns the session:
    it proves the session's current tenant without naming a tenant in the body.
    """

    anonymous_token: str = Field(min_length=1, max_length=4096)
    metadata: dict[str, Any] = Field(default_factory=dict)


class ResolveArtifactRequest(WireRequest):
    """Resolve one artifact (optionally insisting on its type)."""

    artifact_id: Identifier = Field(max_length=64)
    artifact_type: str | None = Field(default=None, max_length=64)


class ExecutionPage(Wire):
    """A page of executions, newest first."""

    executions: list[ExecutionView]
    total: int
    limit: int
    next_cursor: str | None
    """Pass as `cursor` for the next page; None on the last page."""


class ListExecutionsRequest(ExecutionSearch, WireRequest):
    """Filters and paging for executions (e.g. a journey's steps: `parent_execution_id`)."""

    status: ExecutionStatus | None = None
    intent_type: str | None = Field(default=None, max_length=128)
    session_id: str | None = Field(default=None, max_length=64)
    parent_execution_id: str | None = Field(default=None, max_length=64)
    schedule_id: str | None = Field(default=None, max_length=64)
    retry_of: str | None = Field(default=None, max_length=64)
    limit: JsonInt = Field(default=100, ge=1, le=1000)
    cursor: PageCursor = None


class ListArtifactsRequest(ArtifactSearch, WireRequest):
    """Filters and paging for artifacts."""

    artifact_type: str | None = Field(default=None, max_length=64)
    lifecycle_state: LifecycleState | None = None
    execution_id: str | None = Field(default=None, max_length=64)
    session_id: str | None = Field(default=None, max_length=64)
    limit: JsonInt = Field(default=100, ge=1, le=1000)
    cursor: PageCursor = None


class ListPendingIntentsRequest(WireRequest):
    """Filters and paging for pending intents."""

    target_artifact_id: str | None = Field(default=None, max_length=64)
    intent_type: str | None = Field(default=None, max_length=128)
    status: PendingStatus | None = None
    limit: JsonInt = Field(default=100, ge=1, le=1000)
    cursor: PageCursor = None


class CreatePendingIntentRequest(WireRequest):
    """Defer an intent (e.g. until a person approves it)."""

    intent_type: str = Field(min_length=1, max_length=128)
    target_artifact_id: Identifier | None = Field(default=None, max_length=64)
    context: dict[str, Any] = Field(default_factory=dict)
    session_id: Identifier | None = Field(default=None, max_length=64)


class Health(Wire):
    """Liveness: the process answers."""

    status: Literal["ok"] = "ok"
    service: str
    version: str


class Readiness(Wire):
    """Readiness: store reachable, migrations current, workers alive."""

    ready: bool
    problems: list[str] = Field(default_factory=list)
    store: str | None = None
    store_latency_ms: float | None = None
    migration: str | None = None
    migration_head: str | None = None
    migrations_current: bool = False
    live_workers: int = 0
    local_worker: bool = False
