"""Server-Sent Events: an execution's ordered events (resumable), or a live state's snapshots.

Each event is one frame: `id:` is the event's `seq`, `event:` its `kind`, `data:` the
`ExecutionEvent` as JSON. A stream ends after the terminal event with an `end` frame (no id),
so a client can tell a finished stream from a dropped connection. Idle streams carry
keep-alive comments. A snapshot stream (the pending intents) sends its whole state as each
frame, with no id and no end.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Header, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from symphainy.contracts import ExecutionEvent

T = TypeVar("T")
RETRY_FRAME = b"retry: 1000\n\n"
KEEPALIVE_FRAME = b": keep-alive\n\n"
END_FRAME = b"event: end\ndata: {}\n\n"
SSE_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "One Server-Sent Event; the stream is a sequence of them",
    "properties": {
        "event": {"type": "string", "description": "The event's kind"},
        "data": {"type": "string", "description": "Its JSON payload"},
        "id": {"type": "string", "description": "Where a reconnect resumes (Last-Event-ID)"},
        "retry": {"type": "integer", "minimum": 0, "description": "Reconnect delay, ms"},
    },
}
"""The schema of each event (as OpenAPI tools such as schemathesis read an event stream)."""
EVENT_STREAM_CONTENT: dict[str, Any] = {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}}
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
    frames = None if events is None else _encoded(events, encode_event)
    return _streaming(_frames(frames, keepalive, END_FRAME))


def snapshot_response(
    snapshots: AsyncIterator[BaseModel], keepalive: float, event: str
) -> StreamingResponse:
    """The SSE response for a live state: each snapshot one `event` frame, without an id.

    A snapshot stream has nothing to resume (a reconnect starts with the state then), and no
    end: it lasts until the client leaves.
    """
    frames = _encoded(snapshots, lambda s: _frame(event, s.model_dump_json()))
    return _streaming(_frames(frames, keepalive, b""))


def _streaming(frames: AsyncIterator[bytes]) -> StreamingResponse:
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(frames, media_type="text/event-stream", headers=headers)


async def _encoded(items: AsyncIterator[T], encode: Callable[[T], bytes]) -> AsyncIterator[bytes]:
    async for item in items:
        yield encode(item)


async def _frames(
    frames: AsyncIterator[bytes] | None, keepalive: float, end: bytes
) -> AsyncIterator[bytes]:
    yield RETRY_FRAME
    if frames is not None:
        async for item in _with_keepalive(frames, keepalive):
            yield item
    if end:
        yield end


async def _with_keepalive(frames: AsyncIterator[bytes], every: float) -> AsyncIterator[bytes]:
    # The pending read survives a keep-alive tick: cancelling it would close the generator.
    pending: asyncio.Future[bytes] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(frames))
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield KEEPALIVE_FRAME
                continue
            finished, pending = pending, None
            try:
                frame = finished.result()
            except StopAsyncIteration:
                return
            yield frame
    finally:
        if pending is not None:
            pending.cancel()


def encode_event(event: ExecutionEvent) -> bytes:
    """One SSE frame for an event."""
    return f"id: {event.seq}\n".encode() + _frame(event.kind, event.model_dump_json())


def _frame(event: str, data: str) -> bytes:
    kind = event.replace("\r", " ").replace("\n", " ")
    return f"event: {kind}\ndata: {data}\n\n".encode()
