"""The Runtime API's event stream: an execution's events as SSE (see `symphainy.web`)."""

from __future__ import annotations

from fastapi.responses import StreamingResponse

from symphainy.contracts import TERMINAL, ExecutionView
from symphainy.runtime import Runtime
from symphainy.web import EVENT_STREAM_CONTENT, resume_point, sse_response

__all__ = ["EVENT_STREAM_CONTENT", "event_stream", "resume_point"]


def event_stream(
    runtime: Runtime, tenant_id: str, view: ExecutionView, after: int, keepalive: float
) -> StreamingResponse:
    """The SSE response for one execution, starting after sequence number `after`."""
    finished = view.status in TERMINAL and after >= view.last_event_seq
    events = None if finished else runtime.follow(tenant_id, view.execution_id, after)
    return sse_response(events, keepalive)
