"""Parameter and result models of the Control Tower intents (the contract, as code)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from symphainy.runtime import FailureInfo, IntentTiming, QueueDepth, StoreHealth, WorkerInfo

TIME_RANGE = re.compile(r"^([1-9][0-9]{0,3})([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_RANGE_SECONDS = 90 * 86400


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class ScopeParams(Params):
    """`tenant`: the caller's tenant; `platform`: every tenant (platform operators only)."""

    scope: Literal["tenant", "platform"] = "tenant"


def range_seconds(value: str) -> int:
    """Seconds in a `time_range` such as `15m`, `1h`, `7d`."""
    match = TIME_RANGE.fullmatch(value)
    if match is None:
        raise ValueError("use a number and a unit: 30s, 15m, 1h or 7d")
    seconds = int(match.group(1)) * UNIT_SECONDS[match.group(2)]
    if seconds > MAX_RANGE_SECONDS:
        raise ValueError("the longest time_range is 90d")
    return seconds


class WindowParams(ScopeParams):
    """A scope and a look-back window ending now."""

    time_range: str = Field(
        default="1h",
        max_length=8,
        examples=["1h"],
        description="How far back to look: `<n><unit>`, unit s, m, h or d (at most 90d).",
    )

    @field_validator("time_range")
    @classmethod
    def _valid_range(cls, value: str) -> str:
        range_seconds(value)
        return value


class Tally(BaseModel):
    """A total and its breakdown."""

    total: int
    by: dict[str, int]


class PlatformStatistics(BaseModel):
    """Counts across the caller's tenant, or the platform."""

    scope: Literal["tenant", "platform"]
    tenant_id: str | None
    """The tenant counted; None for the platform scope."""
    generated_at: datetime
    tenants: int
    users: int
    sessions: Tally
    """By status (`active`, ...)."""
    anonymous_sessions: int
    executions: Tally
    """By state (`created`, `running`, `waiting`, `completed`, `failed`, `cancelled`)."""
    artifacts: Tally
    """By artifact type."""
    pending_intents: Tally
    """By status."""
    registered_intents: int
    realms: int


class MetricsSlice(BaseModel):
    """What finished in one slice of the window, all intent types together."""

    start: datetime
    end: datetime
    completed: int
    failed: int
    cancelled: int
    success_rate: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None


class ExecutionMetricsResult(BaseModel):
    """Execution figures of a window."""

    scope: Literal["tenant", "platform"]
    time_range: str
    since: datetime
    until: datetime
    throughput_per_minute: float
    total: IntentTiming
    by_intent: list[IntentTiming]
    series: list[MetricsSlice] = Field(default_factory=list)
    """The window in equal slices, oldest first: figures over time."""


class SystemHealthResult(BaseModel):
    """Store, blob store, workers and queue."""

    scope: Literal["tenant", "platform"]
    status: Literal["healthy", "degraded", "unhealthy"]
    problems: list[str]
    store: StoreHealth
    blobs_writable: bool
    blobs_error: str | None
    live_workers: int
    workers: list[WorkerInfo] | None
    queue: QueueDepth
    oldest_waiting_age_seconds: float | None
    """Age of the oldest execution still `created` or `waiting` (None: queue empty)."""


class RealmHealthView(BaseModel):
    """One capability's intents and health in the window."""

    realm: str
    intents: list[str]
    finished: int
    failed: int
    """Failures of the platform or an intent; a rejected approval is not one."""
    rejected: int
    """Executions a person's rejection (of an approval) stopped: an outcome, not a failure."""
    status: Literal["idle", "healthy", "degraded"]
    recent_failures: list[FailureInfo]


class RealmHealthResult(BaseModel):
    """Every realm."""

    scope: Literal["tenant", "platform"]
    time_range: str
    realms: list[RealmHealthView]


class DocumentationParams(Params):
    """A section: an intent type, a realm, or an index document; omit for the list."""

    section: str | None = Field(default=None, max_length=128)


class Document(BaseModel):
    """One generated Markdown document (as in docs/intent_contracts/)."""

    path: str
    title: str
    markdown: str


class DocumentationResult(BaseModel):
    """The documents of a section and every section there is."""

    section: str | None
    documents: list[Document]
    sections: list[str]


class CodeExamplesParams(Params):
    """Examples for one realm or one intent type; omit for all."""

    category: str | None = Field(default=None, max_length=128)


class CodeExample(BaseModel):
    """How to submit one intent, with parameters that pass its contract."""

    intent_type: str
    realm: str
    parameters: dict[str, Any]
    python_sdk: str
    http: str


class CodeExamplesResult(BaseModel):
    """Examples and the categories there are."""

    category: str | None
    examples: list[CodeExample]
    categories: list[str]


class Pattern(BaseModel):
    """A way intents are used, and the intents registered that follow it."""

    name: str
    description: str
    intents: list[str]


class PatternsResult(BaseModel):
    """Every pattern with its current members."""

    patterns: list[Pattern]


class Empty(Params):
    """No parameters."""


class ValidateSolutionParams(Params):
    """A solution definition to check (nothing is registered or stored)."""

    # Free-form on purpose: checking it is this intent's job. The handler validates it against
    # SolutionDefinition (unknown keys forbidden) and answers each problem, located, as data.
    solution_config: dict[str, Any]
    preview: bool = False
    """Also return the normalised definition."""


class FieldError(BaseModel):
    """One problem, located in the definition."""

    loc: list[str | int]
    msg: str
    type: str


class ValidateSolutionResult(BaseModel):
    """Whether the definition is valid, and each problem where it is."""

    valid: bool
    errors: list[FieldError]
    solution: dict[str, Any] | None = None


class ListSolutionsParams(WindowParams):
    """Registered solutions, with their activity in `time_range` (default the last day)."""

    time_range: str = Field(default="24h", max_length=8, examples=["24h"])
    active_only: bool = False
    """Only solutions with at least one execution in the window."""


class SolutionSummary(BaseModel):
    """A registered solution and how much it was used."""

    solution_id: str
    name: str
    description: str
    journeys: list[str]
    intents: list[str]
    executions: int
    """Executions submitted under this solution in the window."""
    last_execution_at: datetime | None
    active: bool


class ListSolutionsResult(BaseModel):
    """Every registered solution."""

    scope: Literal["tenant", "platform"]
    time_range: str
    solutions: list[SolutionSummary]


class SolutionStatusParams(ListSolutionsParams):
    """One solution."""

    solution_id: str = Field(min_length=1, max_length=128, examples=["content_intelligence"])


class SolutionStatusResult(BaseModel):
    """A solution's definition, its journeys' steps and its executions in the window."""

    scope: Literal["tenant", "platform"]
    time_range: str
    solution: SolutionSummary
    status: Literal["idle", "healthy", "degraded"]
    """`idle`: nothing finished in the window; `degraded`: at least one execution failed."""
    journeys: list[dict[str, Any]]
    throughput_per_minute: float
    total: IntentTiming
    by_intent: list[IntentTiming]
