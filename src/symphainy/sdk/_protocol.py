"""ExperienceSDK: the one contract every experience surface (console, CLI, agents) uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal, Protocol, runtime_checkable

from symphainy.contracts import (
    ArtifactPage,
    ArtifactView,
    ExecutionEvent,
    ExecutionPage,
    ExecutionView,
    IntentContract,
    JourneyView,
    Lineage,
    PendingIntentPage,
    PendingIntentView,
    RealmView,
    SessionView,
    SubmitIntentResponse,
    WalCheckpointView,
    WalEntryView,
    WalVerification,
)
from symphainy.contracts._sdk import StagedUpload, StateSnapshot
from symphainy.security import Principal

SessionRef = str | SessionView


def session_id_of(session: SessionRef) -> str:
    """A session id from an id or a SessionView."""
    return session if isinstance(session, str) else session.session_id


@runtime_checkable
class ExperienceSDK(Protocol):
    """What a surface can ask of the platform, on behalf of one authenticated caller.

    Implementations: `LocalSDK` (in process) and `HttpSDK` (over the Experience service).
    One contract suite runs against both.
    """

    async def create_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        """Start a session for the caller."""
        ...

    async def get_session(self, session: SessionRef) -> SessionView:
        """One of the caller's sessions."""
        ...

    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: Principal | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        """Move an anonymous session to the signed-in caller.

        `anonymous` proves the session: its verified Principal in process, its token over HTTP.
        """
        ...

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        """Stream bytes into the caller's blob area; PayloadTooLarge past `limit`."""
        ...

    async def query_state(
        self, session: SessionRef, execution_id: str | None = None
    ) -> StateSnapshot:
        """A session, its state, and optionally an execution with its artifacts."""
        ...

    async def invoke_intent(
        self,
        intent_type: str,
        parameters: dict[str, Any],
        session: SessionRef,
        solution_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> SubmitIntentResponse:
        """Submit an intent; returns at once with the execution id."""
        ...

    async def trigger_journey(
        self, journey_id: str, parameters: dict[str, Any], session: SessionRef
    ) -> SubmitIntentResponse:
        """Start a journey (its parent execution)."""
        ...

    def subscribe(self, execution_id: str, after: int = 0) -> AsyncIterator[ExecutionEvent]:
        """Ordered events after `after`, live, ending with the terminal event."""
        ...

    async def get_execution(
        self, execution_id: str, include_artifacts: bool = False
    ) -> ExecutionView:
        """An execution's status (and artifacts)."""
        ...

    async def list_executions(self, **filters: Any) -> ExecutionPage:
        """Executions, newest first (status, intent_type, session_id, parent_execution_id)."""
        ...

    async def wait(self, execution_id: str, timeout: float | None = None) -> ExecutionView:
        """Wait until the execution is terminal."""
        ...

    async def cancel(self, execution_id: str) -> ExecutionView:
        """Cancel an execution."""
        ...

    async def resolve_artifact(
        self, artifact_id: str, artifact_type: str | None = None
    ) -> ArtifactView:
        """One artifact."""
        ...

    async def list_artifacts(self, **filters: Any) -> ArtifactPage:
        """Artifacts matching filters (artifact_type, lifecycle_state, execution_id, ...)."""
        ...

    async def artifact_lineage(self, artifact_id: str) -> Lineage:
        """An artifact's ancestry and descendants."""
        ...

    async def artifact_content(self, artifact_id: str) -> bytes:
        """The bytes of an artifact's stored content."""
        ...

    async def list_pending(self, **filters: Any) -> PendingIntentPage:
        """Pending intents (target_artifact_id, intent_type, status)."""
        ...

    async def create_pending(
        self,
        intent_type: str,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session: SessionRef | None = None,
    ) -> PendingIntentView:
        """Defer an intent for later."""
        ...

    async def decide_pending(
        self, intent_id: str, decision: Literal["approve", "reject"], comment: str | None = None
    ) -> PendingIntentView:
        """Approve or reject an approval request; the execution waiting on it resumes."""
        ...

    async def list_journeys(self) -> list[JourneyView]:
        """Every registered journey (steps, dependencies, input schema)."""
        ...

    async def list_intents(self) -> list[IntentContract]:
        """The intent catalogue with JSON Schemas."""
        ...

    async def list_realms(self) -> list[RealmView]:
        """Capabilities and their intents."""
        ...

    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        """The caller's tenant's WAL."""
        ...

    async def verify_wal(self, since: str | None = None) -> WalVerification:
        """Walk the caller's tenant's hash chain (and, with `since`, to a checkpoint).

        `since` is a `checkpoint_wal` token: the chain must still reach it unchanged, so a
        cut-off tail fails.
        """
        ...

    async def checkpoint_wal(self) -> WalCheckpointView:
        """A signed checkpoint of the caller's tenant's verified WAL head, to keep elsewhere."""
        ...
