"""RemoteSDK: the Experience SDK over the Runtime API, for a gateway on another machine.

One RuntimeClient (one connection pool) serves every principal: each SDK signs a short-lived
service token for its principal and uses the client bound to that token
(`RuntimeClient.with_token`), so the Runtime derives the tenant from that token alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

import httpx

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
from symphainy.errors import Forbidden, PayloadTooLarge
from symphainy.sdk._protocol import SessionRef, session_id_of
from symphainy.sdk._runtime_client import RuntimeClient
from symphainy.security import Principal, Secret, mint_service_token


class RemoteRuntime:
    """The shared client and signing key; `sdk_for(principal)` is the gateway's SDK factory."""

    def __init__(
        self,
        base_url: str,
        secret: Secret,
        ttl: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        # No token of its own: /health and /ready are public and are asked at boot, before any
        # principal exists; every other call goes through a client bound to a principal's token.
        self.client = RuntimeClient(base_url, "", transport=transport)
        self._secret, self._ttl = secret, ttl

    def token_for(self, principal: Principal) -> str:
        """A service token for `principal`."""
        return mint_service_token(self._secret, principal, self._ttl)

    def sdk_for(self, principal: Principal) -> RemoteSDK:
        """The SDK acting for `principal`."""
        return RemoteSDK(self, principal)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()


class RemoteSDK:
    """The SDK for one principal, through the shared RuntimeClient."""

    def __init__(self, remote: RemoteRuntime, principal: Principal) -> None:
        self._remote = remote
        self.principal = principal
        self._c = remote.client.with_token(remote.token_for(principal))

    async def create_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        return await self._c.create_session(metadata)

    async def get_session(self, session: SessionRef) -> SessionView:
        return await self._c.get_session(session_id_of(session))

    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: Principal | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        if isinstance(anonymous, str):
            raise TypeError("prove the anonymous session with its verified Principal")
        if not anonymous.anonymous:
            raise Forbidden("only anonymous sessions can be upgraded")
        proof = self._remote.token_for(anonymous)
        return await self._c.upgrade_session(session_id_of(session), proof, metadata)

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        return await self._c.stage_upload(_capped(chunks, limit))

    async def query_state(
        self, session: SessionRef, execution_id: str | None = None
    ) -> StateSnapshot:
        state = await self._c.get_session_state(session_id_of(session))
        execution = None
        if execution_id is not None:
            execution = await self._c.get_execution(execution_id, include_artifacts=True)
        return StateSnapshot(session=state.session, state=state.state, execution=execution)

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
        return await self._c.wait_execution(execution_id, timeout)

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


async def _capped(chunks: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"upload exceeds {limit} bytes", limit=limit)
        yield chunk
