"""Wire models of retention: a tenant's policy, legal holds and retention runs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from symphainy.contracts._models import Wire, WireRequest
from symphainy.contracts._storable import _json_integer

MAX_DAYS = 36_500
Days = Annotated[
    int,
    BeforeValidator(_json_integer),
    Field(ge=1, le=MAX_DAYS),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_DAYS}),
]
HoldKind = Literal["execution", "artifact"]

__all__ = [
    "LegalHoldList",
    "LegalHoldRequest",
    "LegalHoldView",
    "ReleaseHoldRequest",
    "RetentionCounts",
    "RetentionPolicyView",
    "RetentionRunView",
    "RunRetentionRequest",
    "SetRetentionPolicyRequest",
]


class SetRetentionPolicyRequest(WireRequest):
    """A tenant's retention in days; a field left out (null) takes the platform default."""

    execution_days: Days | None = None
    """Days a finished execution and its events are kept."""
    artifact_days: Days | None = None
    """Days an artifact stays READY when its boundary contract names no `retention_days`."""
    wal_days: Days | None = None
    """Days WAL entries are kept before compaction (events of stored executions always stay)."""


class RetentionPolicyView(Wire):
    """The effective retention of the caller's tenant."""

    execution_days: int
    artifact_days: int
    wal_days: int
    grace_days: int
    """Days an archived artifact stays restorable before deletion (a platform setting)."""
    custom: bool
    """True when the tenant set a policy; False: every value is the platform default."""


class LegalHoldRequest(WireRequest):
    """Hold an execution or artifact: no retention run removes it until the hold is released."""

    kind: HoldKind
    target_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=1000)


class ReleaseHoldRequest(WireRequest):
    """Release the hold on an execution or artifact."""

    kind: HoldKind
    target_id: str = Field(min_length=1, max_length=64)


class LegalHoldView(Wire):
    """One legal hold."""

    kind: HoldKind
    target_id: str
    reason: str
    placed_by: str | None
    placed_at: float


class LegalHoldList(Wire):
    """The caller's tenant's legal holds, oldest first."""

    holds: list[LegalHoldView]


class RunRetentionRequest(WireRequest):
    """Run retention for the caller's tenant now; `dry_run` only counts what would go."""

    dry_run: bool = False


class RetentionCounts(Wire):
    """What a retention run removed (or, dry, would remove), by kind."""

    executions: int
    artifacts_archived: int
    artifacts_deleted: int
    artifacts_removed: int
    blobs: int
    wal_entries: int


class RetentionRunView(Wire):
    """A retention run: counted at once (dry run), or started as a `run_retention` execution."""

    dry_run: bool
    counts: RetentionCounts | None = None
    """The dry run's counts (a real run's are its execution's result)."""
    execution_id: str | None = None
    """The `run_retention` execution doing the work (a real run)."""
