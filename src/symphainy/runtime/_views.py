"""Turn store rows into the wire models clients see."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from symphainy.contracts import (
    ArtifactView,
    ExecutionEvent,
    ExecutionView,
    Materialization,
    PendingIntentView,
    Problem,
    ProducedBy,
    SessionView,
    WalEntryView,
)
from symphainy.store import ArtifactRow, ExecutionRow, PendingRow, SessionRow, WalRow, loads


def ts(value: float) -> datetime:
    """Epoch seconds to an aware UTC datetime."""
    return datetime.fromtimestamp(value, UTC)


def opt_ts(value: float | None) -> datetime | None:
    """Like `ts`, keeping None."""
    return None if value is None else ts(value)


def execution_view(row: ExecutionRow, artifacts: list[ArtifactView] | None = None) -> ExecutionView:
    """An execution as clients see it."""
    error = row.error_value
    return ExecutionView(
        execution_id=row.execution_id,
        intent_id=row.intent_id,
        intent_type=row.intent_type,
        status=row.status,
        attempt=row.attempt,
        max_attempts=row.max_attempts,
        session_id=row.session_id,
        solution_id=row.solution_id,
        user_id=row.user_id,
        parent_execution_id=row.parent_execution_id,
        parameters=row.params,
        result=row.result_value,
        error=Problem.model_validate(error) if error else None,
        cancel_requested=bool(row.cancel_requested),
        last_event_seq=row.event_seq,
        created_at=ts(row.created_at),
        updated_at=ts(row.updated_at),
        started_at=opt_ts(row.started_at),
        completed_at=opt_ts(row.completed_at),
        artifacts=artifacts,
        schedule_id=row.schedule_id,
        scheduled_for=opt_ts(row.schedule_due),
        not_before=opt_ts(row.not_before),
        finished_at=opt_ts(row.completed_at),
        duration_seconds=_duration(row),
        intent_version=row.intent_version,
        retry_of=row.retry_of,
        priority=row.priority,
        search_attributes=loads(row.search_attributes) if row.search_attributes else {},
    )


def _duration(row: ExecutionRow) -> float | None:
    # From the first start (a retry keeps it) to the terminal state; a cancel before any
    # start has no duration.
    if row.started_at is None or row.completed_at is None:
        return None
    return round(row.completed_at - row.started_at, 6)


def event_view(row: WalRow) -> ExecutionEvent:
    """A WAL entry as an execution event."""
    assert row.execution_id is not None
    assert row.exec_seq is not None
    return ExecutionEvent(
        execution_id=row.execution_id,
        seq=row.exec_seq,
        kind=row.kind,
        data=loads(row.payload),
        created_at=ts(row.created_at),
    )


def wal_view(row: WalRow) -> WalEntryView:
    """A WAL entry as stored."""
    return WalEntryView(
        seq=row.seq,
        kind=row.kind,
        execution_id=row.execution_id,
        exec_seq=row.exec_seq,
        payload=loads(row.payload),
        created_at=ts(row.created_at),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def session_view(row: SessionRow) -> SessionView:
    """A session."""
    return SessionView(
        session_id=row.session_id,
        tenant_id=row.tenant_id,
        user_id=row.user_id,
        is_anonymous=bool(row.is_anonymous),
        metadata=loads(row.metadata),
        status=row.status,
        created_at=ts(row.created_at),
        updated_at=ts(row.updated_at),
        upgraded_at=opt_ts(row.upgraded_at),
    )


def artifact_view(row: ArtifactRow, parents: list[str]) -> ArtifactView:
    """An artifact with its parent ids."""
    mats: list[dict[str, Any]] = loads(row.materializations)
    return ArtifactView(
        artifact_id=row.artifact_id,
        artifact_type=row.artifact_type,
        lifecycle_state=row.lifecycle_state,
        produced_by=ProducedBy(
            intent_type=row.produced_by_intent, execution_id=row.produced_by_execution
        ),
        semantic_descriptor=loads(row.semantic_descriptor),
        materializations=[Materialization.model_validate(m) for m in mats],
        parent_artifacts=parents,
        session_id=row.session_id,
        created_at=ts(row.created_at),
        updated_at=ts(row.updated_at),
    )


def pending_view(row: PendingRow) -> PendingIntentView:
    """A pending intent."""
    return PendingIntentView(
        intent_id=row.intent_id,
        intent_type=row.intent_type,
        status=row.status,
        target_artifact_id=row.target_artifact_id,
        context=loads(row.context),
        session_id=row.session_id,
        user_id=row.user_id,
        execution_id=row.execution_id,
        created_at=ts(row.created_at),
        updated_at=ts(row.updated_at),
    )
