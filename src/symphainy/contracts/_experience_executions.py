"""The execution and artifact operations of the Experience SDK, declared once (see `_experience`).

`ExperienceSDK` inherits them; they live here so each module stays small. Routes, clients,
MCP tools and docs find them through `protocol_members`, like the rest.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

from symphainy.contracts._history import EventHistoryQuery, ExecutionEventPage
from symphainy.contracts._models import (
    ArtifactView,
    ExecutionEvent,
    ExecutionView,
    Lineage,
    ResolveArtifactRequest,
)
from symphainy.contracts._operation import declared, operation
from symphainy.contracts._retries import (
    BulkRetryResult,
    RetryExecutionRequest,
    RetryFailedRequest,
)
from symphainy.contracts._sdk import ExecutionQuery
from symphainy.contracts._signals import SignalRequest, SignalView


class ExecutionOperations(Protocol):
    """Follow, wait on, cancel, signal and retry the executions of the caller's tenant."""

    @operation(
        "stream_events", "GET", "/api/execution/{execution_id}/stream", None, generated=False
    )
    def subscribe(self, execution_id: str, after: int = 0) -> AsyncIterator[ExecutionEvent]:
        """Ordered events after `after`, live, ending with the terminal event."""
        declared()

    @operation(
        "get_execution",
        "GET",
        "/api/execution/{execution_id}/status",
        ExecutionView,
        query=ExecutionQuery,
    )
    async def get_execution(
        self, execution_id: str, include_artifacts: bool = False, wait: float | None = None
    ) -> ExecutionView:
        """An execution's status (and artifacts).

        `wait` long-polls: the answer comes once the execution is terminal, or after that many
        seconds (at most the server's `max_wait_seconds`) with its state then.
        """
        declared()

    async def wait(self, execution_id: str, timeout: float | None = None) -> ExecutionView:
        """Wait until the execution is terminal."""
        declared()

    @operation(
        "execution_events",
        "GET",
        "/api/execution/{execution_id}/events",
        ExecutionEventPage,
        query=EventHistoryQuery,
    )
    async def execution_events(
        self, execution_id: str, after: int = 0, limit: int = 100
    ) -> ExecutionEventPage:
        """An execution's whole history, a page at a time: the events its stream carries.

        Events with seq above `after`, in order; pass the page's `next_after` as `after` for
        the next one (None: this page reached the latest event).
        """
        declared()

    @operation("cancel_execution", "POST", "/api/execution/{execution_id}/cancel", ExecutionView)
    async def cancel(self, execution_id: str) -> ExecutionView:
        """Cancel an execution."""
        declared()

    @operation(
        "signal_execution",
        "POST",
        "/api/execution/{execution_id}/signal",
        SignalView,
        SignalRequest,
        scope="user",
    )
    async def signal(self, execution_id: str, name: str, payload: Any = None) -> SignalView:
        """Send a durable signal to a running or waiting execution (a member of its tenant).

        The handler receives it from `ctx.signals.wait(name)` (exactly once), whether it was
        sent before or after the handler waited; an execution parked on it resumes.
        """
        declared()

    @operation(
        "retry_execution",
        "POST",
        "/api/execution/{execution_id}/retry",
        ExecutionView,
        RetryExecutionRequest,
        status=202,
        optional=True,
    )
    async def retry_execution(
        self, execution_id: str, from_step: str | None = None
    ) -> ExecutionView:
        """Re-run a failed or cancelled execution as a new execution linked to it (`retry_of`).

        It runs the original's intent version and parameters. A journey resumes from its failed
        step, reusing the results of its completed steps; `from_step` reruns that step and the
        steps after it. 409 unless the original failed or was cancelled (or if it was retried
        already), 410 `intent-version-retired` when its version is no longer registered.
        """
        declared()

    @operation(
        "retry_failed_executions",
        "POST",
        "/api/execution/retry",
        BulkRetryResult,
        RetryFailedRequest,
        scope="user",
    )
    async def retry_failed(self, **filters: Any) -> BulkRetryResult:
        """Retry failed executions matching filters (intent_type, since, until), up to a bound.

        Journey steps and executions already retried are left out; `dry_run` answers the
        count and ids without submitting. A member's operation.
        """
        declared()


class ArtifactOperations(Protocol):
    """The artifacts executions produce: each one, its lineage and its stored bytes."""

    @operation("get_artifact", "GET", "/api/artifacts/{artifact_id}", ArtifactView)
    @operation(
        "resolve_artifact", "POST", "/api/artifact/resolve", ArtifactView, ResolveArtifactRequest
    )
    async def resolve_artifact(
        self, artifact_id: str, artifact_type: str | None = None
    ) -> ArtifactView:
        """One artifact."""
        declared()

    @operation("get_artifact_lineage", "GET", "/api/artifacts/{artifact_id}/lineage", Lineage)
    async def artifact_lineage(self, artifact_id: str) -> Lineage:
        """An artifact's ancestry and descendants."""
        declared()

    @operation(
        "get_artifact_content", "GET", "/api/artifacts/{artifact_id}/content", None, generated=False
    )
    async def artifact_content(self, artifact_id: str) -> bytes:
        """The bytes of an artifact's stored content."""
        declared()
