"""LocalSDK: the Experience SDK in process, calling the Runtime directly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

from symphainy.contracts import (
    JOURNEY_INTENT,
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
from symphainy.runtime import Runtime, SubmitIntent, decide_approval, upgrade_caller_session
from symphainy.sdk._protocol import SessionRef, session_id_of
from symphainy.security import Principal, load_or_create_service_secret


class LocalSDK:
    """The SDK for one principal, in the runtime's own process."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self._rt = runtime
        self.principal = principal

    @property
    def _tenant(self) -> str:
        return self.principal.tenant_id

    async def create_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        p = self.principal
        return await self._rt.create_session(
            p.tenant_id,
            user_id=p.user_id,
            anonymous=p.anonymous,
            metadata=metadata,
            session_id=p.session_id if p.anonymous else None,
        )

    async def get_session(self, session: SessionRef) -> SessionView:
        return await self._rt.get_session(self._tenant, session_id_of(session))

    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: Principal | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        if isinstance(anonymous, str):
            raise TypeError("in process, prove the anonymous session with its Principal")
        return await upgrade_caller_session(
            self._rt, self.principal, anonymous, session_id_of(session), metadata
        )

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        info = await self._rt.artifacts.blobs.put_stream(self._tenant, chunks, limit)
        return StagedUpload(upload_uri=info.uri, size=info.size, sha256=info.sha256)

    async def query_state(
        self, session: SessionRef, execution_id: str | None = None
    ) -> StateSnapshot:
        sid = session_id_of(session)
        view = await self._rt.get_session(self._tenant, sid)
        state = await self._rt.state.items(self._tenant, "session", sid)
        execution = None
        if execution_id is not None:
            execution = await self._rt.get_execution(self._tenant, execution_id, True)
        return StateSnapshot(session=view, state=state, execution=execution)

    async def invoke_intent(
        self,
        intent_type: str,
        parameters: dict[str, Any],
        session: SessionRef,
        solution_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> SubmitIntentResponse:
        p = self.principal
        return await self._rt.submit(
            SubmitIntent(
                tenant_id=p.tenant_id,
                intent_type=intent_type,
                parameters=parameters,
                session_id=session_id_of(session),
                solution_id=solution_id,
                user_id=p.user_id,
                idempotency_key=idempotency_key,
                anonymous=p.anonymous,
                roles=p.roles,
            )
        )

    async def trigger_journey(
        self, journey_id: str, parameters: dict[str, Any], session: SessionRef
    ) -> SubmitIntentResponse:
        return await self.invoke_intent(
            JOURNEY_INTENT, {"journey_id": journey_id, "journey_params": parameters}, session
        )

    def subscribe(self, execution_id: str, after: int = 0) -> AsyncIterator[ExecutionEvent]:
        return self._rt.follow(self._tenant, execution_id, after)

    async def get_execution(
        self, execution_id: str, include_artifacts: bool = False
    ) -> ExecutionView:
        return await self._rt.get_execution(self._tenant, execution_id, include_artifacts)

    async def list_executions(self, **filters: Any) -> ExecutionPage:
        return await self._rt.list_executions(self._tenant, **filters)

    async def wait(self, execution_id: str, timeout: float | None = None) -> ExecutionView:
        return await self._rt.wait(self._tenant, execution_id, timeout)

    async def cancel(self, execution_id: str) -> ExecutionView:
        return await self._rt.cancel(self._tenant, execution_id)

    async def resolve_artifact(
        self, artifact_id: str, artifact_type: str | None = None
    ) -> ArtifactView:
        return await self._rt.artifacts.resolve(self._tenant, artifact_id, artifact_type)

    async def list_artifacts(self, **filters: Any) -> ArtifactPage:
        return await self._rt.artifacts.list(self._tenant, **filters)

    async def artifact_lineage(self, artifact_id: str) -> Lineage:
        return await self._rt.artifacts.lineage(self._tenant, artifact_id)

    async def artifact_content(self, artifact_id: str) -> bytes:
        _, chunks = await self._rt.artifacts.open_content(self._tenant, artifact_id)
        return b"".join([chunk async for chunk in chunks])

    async def list_pending(self, **filters: Any) -> PendingIntentPage:
        return await self._rt.pending.list(self._tenant, **filters)

    async def create_pending(
        self,
        intent_type: str,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session: SessionRef | None = None,
    ) -> PendingIntentView:
        return await self._rt.pending.create(
            self._tenant,
            intent_type,
            target_artifact_id=target_artifact_id,
            context=context,
            session_id=None if session is None else session_id_of(session),
            user_id=self.principal.user_id,
        )

    async def decide_pending(
        self, intent_id: str, decision: Literal["approve", "reject"], comment: str | None = None
    ) -> PendingIntentView:
        return await decide_approval(
            self._rt, self.principal, intent_id, approve=decision == "approve", comment=comment
        )

    async def list_journeys(self) -> list[JourneyView]:
        return self._rt.registry.journey_views()

    async def list_intents(self) -> list[IntentContract]:
        return self._rt.registry.contracts()

    async def list_realms(self) -> list[RealmView]:
        return self._rt.registry.realms()

    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        return await self._rt.wal.entries(self._tenant, after, limit)

    async def verify_wal(self, since: str | None = None) -> WalVerification:
        secret = load_or_create_service_secret(self._rt.settings)
        return await self._rt.wal.verify_since(self._tenant, since, secret)

    async def checkpoint_wal(self) -> WalCheckpointView:
        secret = load_or_create_service_secret(self._rt.settings)
        return await self._rt.wal.checkpoint(self._tenant, secret)
