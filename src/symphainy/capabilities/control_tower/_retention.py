"""`run_retention`: a tenant's retention run as a system intent.

Why an intent rather than a timer of its own: as an execution it is durable (recorded before
it starts), resumable (a worker killed midway loses its lease, the run is retried, and since
every batch committed whole the retry continues where it stopped), visible (status, events,
result) and schedulable by the tenant's admin with the ordinary schedule operations (#17),
in the tenant's own time zone and cadence, without a platform-wide timer.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from symphainy.contracts._retention import RetentionCounts
from symphainy.runtime import ExecutionContext


class RunRetentionParams(BaseModel):
    """`dry_run`: count what the tenant's policy would remove, remove nothing."""

    model_config = ConfigDict(extra="forbid")

    dry_run: bool = False


class RunRetentionResult(BaseModel):
    """What the run removed (or would remove), by kind."""

    dry_run: bool
    counts: RetentionCounts


async def run_retention(ctx: ExecutionContext, p: RunRetentionParams) -> RunRetentionResult:
    """Apply the tenant's retention policy in short batches (see `runtime._retention`)."""
    counts = await ctx.retention.run(dry_run=p.dry_run)
    await ctx.emit("retention.counts", **counts)
    return RunRetentionResult(dry_run=p.dry_run, counts=RetentionCounts(**counts))
