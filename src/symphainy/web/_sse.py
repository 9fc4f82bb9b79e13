"""Server-Sent Events for an execution's ordered events, resumable by sequence number.

Each event is one frame: `id:` is the event's `seq`, `event:` its `kind`, `data:` the
`ExecutionEvent` as JSON. A stream ends after the terminal event with an `end` frame (no id),
so a client can tell a finished stream from a dropped connection. Idle streams carry
keep-alive comments.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Header, Query
from fastapi.responses import StreamingResponse

from symphainy.contracts import ExecutionEvent

RETRY_FRAME = b"retry: 1000\n\n"
KEEPALIVE_FRAME = b": keep-alive\n\n"
END_FRAME = b"event: end\ndata: {}\n\n"
EVENT_STREAM_CONTENT: dict[str, Any] = {
    "text/event-stream": {"schema": {"type": "string", "description": "SSE frames"}}
}
EVENT_STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Server-Sent Events", "content": EVENT_STREAM_CONTENT}
}
"""The OpenAPI `responses` entry of an SSE route (FastAPI would claim application/json)."""
MAX_SEQ = 2**53
"""Largest event sequence number a client may name (exact in every JSON number parser)."""

EventAfter = Annotated[
    int, Query(ge=0, le=MAX_SEQ, description="Resume after this event sequence number")
]
LastEventId = Annotated[str, Header(alias="Last-Event-ID", pattern=r"^[0-9]{0,18}$")]
"""The SSE reconnect header: the last `id:` the client saw (digits only)."""


def resume_point(after: int, last_event_id: str) -> int:
    """Where to resume: the `Last-Event-ID` header (a reconnect) wins over `?after=`."""
    return int(last_event_id) if last_event_id else after


def sse_response(
    events: AsyncIterator[ExecutionEvent] | None, keepalive: float
) -> StreamingResponse:
    """The SSE response for an event iterator (None: nothing left to send, just end)."""
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        _frames(events, keepalive), media_type="text/event-stream", headers=headers
    )


async def _frames(
    events: AsyncIterator[ExecutionEvent] | None, keepalive: float
) -> AsyncIterator[bytes]:
    yield RETRY_FRAME
    if events is not None:
        async for item in _with_keepalive(events, keepalive):
            yield item
    yield END_FRAME


async def _with_keepalive(
    events: AsyncIterator[ExecutionEvent], every: float
) -> AsyncIterator[bytes]:
    # The pending read survives a keep-alive tick: cancelling it would close the generator.
    pending: asyncio.Future[ExecutionEvent] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(events))
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield KEEPALIVE_FRAME
                continue
            finished, pending = pending, None
            try:
                event = finished.result()
            except StopAsyncIteration:
                return
            yield encode_event(event)
    finally:
        if pending is not None:
            pending.cancel()


def encode_event(event: ExecutionEvent) -> bytes:
    """One SSE frame for an event."""
    kind = event.kind.replace("\r", " ").replace("\n", " ")
    return f"id: {event.seq}\nevent: {kind}\ndata: {event.model_dump_json()}\n\n".encode()
