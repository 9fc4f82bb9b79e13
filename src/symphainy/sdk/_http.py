"""HttpSDK: the Experience SDK over the Experience service's public API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any, Literal
from urllib.parse import quote

import httpx

from symphainy.contracts import (
    TERMINAL,
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
from symphainy.sdk._errors import error_from_problem
from symphainy.sdk._protocol import SessionRef, session_id_of
from symphainy.security import Principal

LONG_POLL = 25.0


class HttpSDK:
    """The SDK for whoever holds `token`, through the Experience service at `base_url`."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=timeout)
        self.token = token

    async def __aenter__(self) -> HttpSDK:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def _call(self, method: str, path: str, **kw: Any) -> Any:
        headers = dict(kw.pop("headers", None) or {})
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        response = await self._http.request(method, path, headers=headers, **kw)
        if response.is_error:
            raise error_from_problem(response.status_code, response.content)
        return None if response.status_code == 204 else response.json()

    # Sign-in: these set `token` for the calls that follow.

    async def register(self, email: str, password: str, name: str, **extra: Any) -> Any:
        """Create an account and sign in."""
        body = await self._call(
            "POST",
            "/api/auth/register",
            json={"email": email, "password": password, "name": name, **extra},
        )
        self.token = body["access_token"]
        return body

    async def login(self, email: str, password: str) -> Any:
        """Sign in."""
        body = await self._call(
            "POST", "/api/auth/login", json={"email": email, "password": password}
        )
        self.token = body["access_token"]
        return body

    async def logout(self) -> None:
        """Revoke the current token."""
        await self._call("POST", "/api/auth/logout")
        self.token = None

    async def create_anonymous_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        """Start an anonymous session; its token becomes this SDK's token."""
        body = await self._call(
            "POST", "/api/session/create-anonymous", json={"metadata": metadata or {}}
        )
        self.token = body["access_token"]
        return SessionView.model_validate(body["session"])

    # The ExperienceSDK protocol.

    async def create_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        body = await self._call("POST", "/api/session/create", json={"metadata": metadata or {}})
        return SessionView.model_validate(body)

    async def get_session(self, session: SessionRef) -> SessionView:
        body = await self._call("GET", f"/api/session/{session_id_of(session)}")
        return SessionView.model_validate(body)

    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: Principal | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        if not isinstance(anonymous, str):
            raise TypeError("over HTTP, prove the anonymous session with its token")
        body = await self._call(
            "PATCH",
            f"/api/session/{session_id_of(session)}/upgrade",
            json={"anonymous_token": anonymous, "metadata": metadata or {}},
        )
        return SessionView.model_validate(body)

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        data = b"".join([c async for c in chunks])
        return await self.upload(data, "upload.bin")

    async def upload(self, data: bytes, filename: str) -> StagedUpload:
        """Upload one file (multipart) into the caller's blob area."""
        body = await self._call("POST", "/api/uploads", files={"file": (filename, data)})
        return StagedUpload.model_validate(body)

    async def query_state(
        self, session: SessionRef, execution_id: str | None = None
    ) -> StateSnapshot:
        params = {} if execution_id is None else {"execution_id": execution_id}
        body = await self._call(
            "GET", f"/api/session/{session_id_of(session)}/state", params=params
        )
        return StateSnapshot.model_validate(body)

    async def invoke_intent(
        self,
        intent_type: str,
        parameters: dict[str, Any],
        session: SessionRef,
        solution_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> SubmitIntentResponse:
        headers = {} if idempotency_key is None else {"Idempotency-Key": idempotency_key}
        body = await self._call(
            "POST",
            "/api/intent/submit",
            headers=headers,
            json={
                "intent_type": intent_type,
                "parameters": parameters,
                "session_id": session_id_of(session),
                "solution_id": solution_id,
            },
        )
        return SubmitIntentResponse.model_validate(body)

    async def trigger_journey(
        self, journey_id: str, parameters: dict[str, Any], session: SessionRef
    ) -> SubmitIntentResponse:
        body = await self._call(
            "POST",
            "/api/journey/trigger",
            json={
                "journey_id": journey_id,
                "parameters": parameters,
                "session_id": session_id_of(session),
            },
        )
        return SubmitIntentResponse.model_validate(body)

    async def subscribe(self, execution_id: str, after: int = 0) -> AsyncIterator[ExecutionEvent]:
        """Events over SSE; a dropped connection resumes with Last-Event-ID, no duplicates."""
        ended = False
        while not ended:
            try:
                async for event in self._sse(execution_id, after):
                    if event is None:
                        ended = True
                        break
                    after = event.seq
                    yield event
            except httpx.TransportError:
                continue
            ended = True

    async def _sse(self, execution_id: str, after: int) -> AsyncIterator[ExecutionEvent | None]:
        headers = {"Accept": "text/event-stream", "Last-Event-ID": str(after)}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        path = f"/api/execution/{execution_id}/stream"
        async with self._http.stream("GET", path, headers=headers, timeout=None) as response:
            if response.is_error:
                raise error_from_problem(response.status_code, await response.aread())
            event_kind = ""
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    event_kind = line[7:]
                elif line.startswith("data: ") and event_kind == "end":
                    yield None
                    return
                elif line.startswith("data: "):
                    event = ExecutionEvent.model_validate(json.loads(line[6:]))
                    if event.seq > after:
                        yield event

    async def get_execution(
        self, execution_id: str, include_artifacts: bool = False
    ) -> ExecutionView:
        params = {"include_artifacts": "true"} if include_artifacts else {}
        body = await self._call("GET", f"/api/execution/{execution_id}/status", params=params)
        return ExecutionView.model_validate(body)

    async def list_executions(self, **filters: Any) -> ExecutionPage:
        return ExecutionPage.model_validate(
            await self._call("POST", "/api/execution/list", json=filters)
        )

    async def wait(self, execution_id: str, timeout: float | None = None) -> ExecutionView:
        """Long-poll the status until the execution is terminal (TimeoutError after `timeout`)."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            left = LONG_POLL if deadline is None else min(LONG_POLL, deadline - loop.time())
            if left <= 0:
                raise TimeoutError(f"execution {execution_id} is not finished")
            body = await self._call(
                "GET",
                f"/api/execution/{execution_id}/status",
                params={"wait": left},
                timeout=left + 30,
            )
            view = ExecutionView.model_validate(body)
            if view.status in TERMINAL:
                return view

    async def cancel(self, execution_id: str) -> ExecutionView:
        body = await self._call("POST", f"/api/execution/{execution_id}/cancel")
        return ExecutionView.model_validate(body)

    async def resolve_artifact(
        self, artifact_id: str, artifact_type: str | None = None
    ) -> ArtifactView:
        body = await self._call(
            "POST",
            "/api/artifact/resolve",
            json={"artifact_id": artifact_id, "artifact_type": artifact_type},
        )
        return ArtifactView.model_validate(body)

    async def list_artifacts(self, **filters: Any) -> ArtifactPage:
        return ArtifactPage.model_validate(
            await self._call("POST", "/api/artifact/list", json=filters)
        )

    async def artifact_lineage(self, artifact_id: str) -> Lineage:
        return Lineage.model_validate(
            await self._call("GET", f"/api/artifacts/{artifact_id}/lineage")
        )

    async def artifact_content(self, artifact_id: str) -> bytes:
        headers = {} if self.token is None else {"Authorization": f"Bearer {self.token}"}
        response = await self._http.get(f"/api/artifacts/{artifact_id}/content", headers=headers)
        if response.is_error:
            raise error_from_problem(response.status_code, response.content)
        return response.content

    async def list_pending(self, **filters: Any) -> PendingIntentPage:
        return PendingIntentPage.model_validate(
            await self._call("POST", "/api/intent/pending/list", json=filters)
        )

    async def create_pending(
        self,
        intent_type: str,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session: SessionRef | None = None,
    ) -> PendingIntentView:
        body = await self._call(
            "POST",
            "/api/intent/pending/create",
            json={
                "intent_type": intent_type,
                "target_artifact_id": target_artifact_id,
                "context": context or {},
                "session_id": None if session is None else session_id_of(session),
            },
        )
        return PendingIntentView.model_validate(body)

    async def decide_pending(
        self, intent_id: str, decision: Literal["approve", "reject"], comment: str | None = None
    ) -> PendingIntentView:
        body = await self._call(
            "POST",
            f"/api/intent/pending/{quote(intent_id, safe='')}/decide",
            json={"decision": decision, "comment": comment},
        )
        return PendingIntentView.model_validate(body)

    async def list_journeys(self) -> list[JourneyView]:
        return [JourneyView.model_validate(x) for x in await self._call("GET", "/api/journeys")]

    async def list_intents(self) -> list[IntentContract]:
        return [IntentContract.model_validate(x) for x in await self._call("GET", "/api/intents")]

    async def list_realms(self) -> list[RealmView]:
        return [RealmView.model_validate(x) for x in await self._call("GET", "/api/realms")]

    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        body = await self._call("GET", "/api/wal", params={"after": after, "limit": limit})
        return [WalEntryView.model_validate(x) for x in body]

    async def verify_wal(self, since: str | None = None) -> WalVerification:
        body = await self._call("POST", "/api/wal/verify", json={"since": since})
        return WalVerification.model_validate(body)

    async def checkpoint_wal(self) -> WalCheckpointView:
        return WalCheckpointView.model_validate(await self._call("POST", "/api/wal/checkpoint"))
