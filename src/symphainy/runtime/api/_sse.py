"""Server-Sent Events for an execution's ordered events, resumable by sequence number.

Each event is one frame: `id:` is the event's `seq`, `event:` its `kind`, `data:` the
`ExecutionEvent` as JSON. A stream ends after the terminal event with an `end` frame (no id),
so a client can tell a finished stream from a dropped connection. Idle streams carry
keep-alive comments.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from fastapi.responses import StreamingResponse

from symphainy.contracts import ExecutionEvent, ExecutionView
from symphainy.runtime import Runtime
from symphainy.store import TERMINAL

RETRY_FRAME = b"retry: 1000\n\n"
KEEPALIVE_FRAME = b": keep-alive\n\n"
END_FRAME = b"event: end\ndata: {}\n\n"
EVENT_STREAM_CONTENT: dict[str, Any] = {
    "text/event-stream": {"schema": {"type": "string", "description": "SSE frames"}}
}


def resume_point(after: int, last_event_id: str) -> int:
    """Where to resume: the `Last-Event-ID` header (a reconnect) wins over `?after=`."""
    return int(last_event_id) if last_event_id else after


def event_stream(
    runtime: Runtime, tenant_id: str, view: ExecutionView, after: int, keepalive: float
) -> StreamingResponse:
    """The SSE response for one execution, starting after sequence number `after`."""
    finished = view.status in TERMINAL and after >= view.last_event_seq
    frames = _frames(runtime, tenant_id, view.execution_id, after, keepalive, finished)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(frames, media_type="text/event-stream", headers=headers)


async def _frames(
    runtime: Runtime,
    tenant_id: str,
    execution_id: str,
    after: int,
    keepalive: float,
    finished: bool,
) -> AsyncIterator[bytes]:
    yield RETRY_FRAME
    if not finished:
        events = runtime.follow(tenant_id, execution_id, after)
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
