"""Routes written by hand: submit, execution status (long-poll), events over SSE and WebSocket."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import Header, Query, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse

from symphainy.contracts import SubmitIntentRequest, SubmitIntentResponse
from symphainy.contracts._sdk import PENDING_EVENT, PendingStreamQuery
from symphainy.errors import AuthenticationRequired, SymphainyError
from symphainy.gateway._deps import SDK, deps_of
from symphainy.web import (
    EVENT_STREAM_RESPONSES,
    EventAfter,
    LastEventId,
    PathId,
    api_router,
    resume_point,
    snapshot_response,
    sse_response,
)

router = api_router(prefix="/api", tags=["executions"])


@router.post("/intent/submit", status_code=202)
async def submit_intent(
    body: SubmitIntentRequest,
    sdk: SDK,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=256)] = None,
) -> SubmitIntentResponse:
    """Accept an intent; it executes asynchronously (follow it on the stream).

    The `Idempotency-Key` header, when sent, takes precedence over the body's key; an intent
    it matches is answered 200 with `deduplicated`, as on the Runtime API.
    """
    fields = body.model_dump()
    if idempotency_key is not None:
        fields["idempotency_key"] = idempotency_key
    session = fields.pop("session_id", None)
    submitted = await sdk.invoke_intent(session=session, **fields)
    if submitted.deduplicated:
        response.status_code = 200
    return submitted


@router.get(
    "/execution/{execution_id}/stream",
    response_class=StreamingResponse,
    responses=EVENT_STREAM_RESPONSES,
)
async def stream(
    execution_id: PathId,
    request: Request,
    sdk: SDK,
    after: EventAfter = 0,
    last_event_id: LastEventId = "",
) -> StreamingResponse:
    """Server-Sent Events, in order; reconnect with `Last-Event-ID` to resume without loss."""
    start = resume_point(after, last_event_id)
    await sdk.get_execution(execution_id)  # 404 before the stream starts
    keepalive = deps_of(request).settings.sse_keepalive_seconds
    return sse_response(sdk.subscribe(execution_id, start), keepalive)


@router.get(
    "/intent/pending/stream",
    response_class=StreamingResponse,
    responses=EVENT_STREAM_RESPONSES,
)
async def stream_pending_intents(
    request: Request, sdk: SDK, query: Annotated[PendingStreamQuery, Query()]
) -> StreamingResponse:
    """The tenant's pending intents live, as Server-Sent Events.

    A `pending` frame with the snapshot now, then one each time it changes; unknown query
    keys are refused (422) before the stream starts.
    """
    keepalive = deps_of(request).settings.sse_keepalive_seconds
    pages = sdk.watch_pending(query.intent_type, query.status)
    return snapshot_response(pages, keepalive, PENDING_EVENT)


@router.websocket("/execution/{execution_id}/ws")
async def websocket(ws: WebSocket, execution_id: str) -> None:
    """The same events over a WebSocket.

    Browsers cannot set headers on a WebSocket, so the first message authenticates:
    `{"token": "...", "after": 0}`. Events follow as JSON; a reconnect sends its last seq.
    """
    await ws.accept()
    try:
        hello = await asyncio.wait_for(ws.receive_json(), timeout=10)
        sdk = await _ws_sdk(ws, hello)
        after = int(hello.get("after", 0))
        await sdk.get_execution(execution_id)
        async for event in sdk.subscribe(execution_id, after):
            await ws.send_json(event.model_dump(mode="json"))
        await ws.send_json({"kind": "end"})
        await ws.close()
    except SymphainyError as exc:
        await ws.send_json({"kind": "error", "problem": exc.to_problem()})
        await ws.close(code=4000 + exc.status)
    except (WebSocketDisconnect, TimeoutError):
        return


async def _ws_sdk(ws: WebSocket, hello: Any) -> Any:
    if not isinstance(hello, dict) or not isinstance(hello.get("token"), str):
        raise AuthenticationRequired('first message must be {"token": "...", "after": 0}')
    deps = ws.app.state.deps
    principal = await deps.guard.authenticate(hello["token"])
    peer = ws.client.host if ws.client is not None else "0.0.0.0"
    await deps.traffic.check(deps.traffic.client_ip(peer, ws.headers), principal.tenant_id)
    return deps.sdk_for(principal)
