"""The Experience SDK over one RuntimeClient: what RemoteSDK and HttpSDK share.

Both speak the same operations on the same paths (`contracts.OPERATIONS`), so both are the
sans-IO calls of `_runtime_calls` sent by a RuntimeClient bound to one token: a service token
(the gateway's RemoteSDK) or a user's token (HttpSDK). One SSE decoder, one long-poll.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

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
from symphainy.sdk._local import JOURNEY_INTENT
from symphainy.sdk._protocol import SessionRef, session_id_of
from symphainy.sdk._runtime_client import RuntimeClient


class ClientSDK:
    """The ExperienceSDK operations every HTTP transport sends the same way."""

    _c: RuntimeClient
    LONG_POLL = 25.0
    """Seconds each status long-poll of `wait` asks for (under the client's read timeout)."""

    async def create_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        return await self._c.create_session(metadata)

    async def get_session(self, session: SessionRef) -> SessionView:
        return await self._c.get_session(session_id_of(session))

    async def invoke_intent(
        self,
        intent_type: str,
        parameters: dict[str, Any],
        session: SessionRef,
        solution_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> SubmitIntentResponse:
        return await self._c.submit_intent(
            intent_type,
            parameters,
            session_id=session_id_of(session),
            solution_id=solution_id,
            idempotency_key=idempotency_key,
        )

    async def trigger_journey(
        self, journey_id: str, parameters: dict[str, Any], session: SessionRef
    ) -> SubmitIntentResponse:
        return await self.invoke_intent(
            JOURNEY_INTENT, {"journey_id": journey_id, "journey_params": parameters}, session
        )

    async def subscribe(self, execution_id: str, after: int = 0) -> AsyncIterator[ExecutionEvent]:
        async for event in self._c.stream_events(execution_id, after):
            yield event

    async def get_execution(
        self, execution_id: str, include_artifacts: bool = False
    ) -> ExecutionView:
        return await self._c.get_execution(execution_id, include_artifacts=include_artifacts)

    async def list_executions(self, **filters: Any) -> ExecutionPage:
        return await self._c.list_executions(**filters)

    async def wait(self, execution_id: str, timeout: float | None = None) -> ExecutionView:
        return await self._c.wait_execution(execution_id, timeout, poll=self.LONG_POLL)

    async def cancel(self, execution_id: str) -> ExecutionView:
        return await self._c.cancel_execution(execution_id)

    async def resolve_artifact(
        self, artifact_id: str, artifact_type: str | None = None
    ) -> ArtifactView:
        return await self._c.resolve_artifact(artifact_id, artifact_type)

    async def list_artifacts(self, **filters: Any) -> ArtifactPage:
        return await self._c.list_artifacts(**filters)

    async def artifact_lineage(self, artifact_id: str) -> Lineage:
        return await self._c.get_artifact_lineage(artifact_id)

    async def artifact_content(self, artifact_id: str) -> bytes:
        return await self._c.get_artifact_content(artifact_id)

    async def list_pending(self, **filters: Any) -> PendingIntentPage:
        return await self._c.list_pending_intents(**filters)

    async def create_pending(
        self,
        intent_type: str,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session: SessionRef | None = None,
    ) -> PendingIntentView:
        return await self._c.create_pending_intent(
            intent_type,
            target_artifact_id=target_artifact_id,
            context=context,
            session_id=None if session is None else session_id_of(session),
        )

    async def decide_pending(
        self, intent_id: str, decision: Literal["approve", "reject"], comment: str | None = None
    ) -> PendingIntentView:
        return await self._c.decide_pending_intent(intent_id, decision, comment=comment)

    async def list_journeys(self) -> list[JourneyView]:
        return await self._c.list_journeys()

    async def list_intents(self) -> list[IntentContract]:
        return await self._c.list_intents()

    async def list_realms(self) -> list[RealmView]:
        return await self._c.list_realms()

    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        return (await self._c.list_wal(after=after, limit=limit)).entries

    async def verify_wal(self, since: str | None = None) -> WalVerification:
        return await self._c.verify_wal(since=since)

    async def checkpoint_wal(self) -> WalCheckpointView:
        return await self._c.checkpoint_wal()
