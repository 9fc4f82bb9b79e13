"""Wire models of retries: re-running failed or cancelled executions as new ones."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, Field, WithJsonSchema

from symphainy.contracts._models import Problem, Wire, WireRequest
from symphainy.contracts._storable import _json_integer

BULK_MAX = 100_000
"""A format bound on `limit` (the Setting `max_bulk_retry` is the bound that applies)."""
BulkLimit = Annotated[
    int,
    BeforeValidator(_json_integer),
    Field(ge=1, le=BULK_MAX),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": BULK_MAX}),
]

__all__ = ["BulkRetryResult", "RetriedExecution", "RetryExecutionRequest", "RetryFailedRequest"]


class RetryExecutionRequest(WireRequest):
    """Re-run one failed or cancelled execution as a new execution linked to it (`retry_of`).

    A journey resumes from its failed step, reusing its completed steps; `from_step` reruns
    that step and every step after it instead.
    """

    from_step: str | None = Field(default=None, min_length=1, max_length=64)


class RetryFailedRequest(WireRequest):
    """Retry every failed execution matching the filter (not yet retried, not journey steps).

    At most `limit` of them (no more than the server's `max_bulk_retry`), oldest failure
    first; `dry_run` answers the count and the ids without submitting anything.
    """

    intent_type: str | None = Field(default=None, min_length=1, max_length=128)
    # With a time zone: a bare time would be read in the server's zone, not the caller's.
    since: AwareDatetime | None = Field(default=None, description="Failed at or after this")
    until: AwareDatetime | None = Field(default=None, description="Failed before this")
    limit: BulkLimit | None = None
    dry_run: bool = False


class RetriedExecution(Wire):
    """One failed execution of a bulk retry and what became of it."""

    retry_of: str
    execution_id: str | None = None
    """The new execution (None on a dry run or when the retry was refused)."""
    problem: Problem | None = None
    """Why this one was not retried (e.g. `intent-version-retired`)."""


class BulkRetryResult(Wire):
    """What a bulk retry matched and did."""

    dry_run: bool
    matched: int
    """Failed executions matching the filter, however many."""
    limit: int
    """The most this request retries (its `limit`, capped by the server's `max_bulk_retry`)."""
    executions: list[RetriedExecution]
    """The ones selected (oldest failure first), at most `limit`."""
