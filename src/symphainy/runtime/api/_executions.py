"""The event stream: the one execution route written by hand (Server-Sent Events)."""

from __future__ import annotations

from fastapi.responses import Response

from symphainy.runtime.api._deps import Caller, RuntimeDep, SettingsDep, operation
from symphainy.runtime.api._sse import event_stream, resume_point
from symphainy.web import EVENT_STREAM_RESPONSES, EventAfter, LastEventId, PathId, api_router

router = api_router(errors=(), tags=["executions"])


@operation(
    router,
    "stream_events",
    response_class=Response,
    responses=EVENT_STREAM_RESPONSES,
)
async def stream_events(
    execution_id: PathId,
    rt: RuntimeDep,
    settings: SettingsDep,
    caller: Caller,
    after: EventAfter = 0,
    last_event_id: LastEventId = "",
) -> Response:
    """Server-Sent Events of the execution's events; resume with `Last-Event-ID`."""
    start = resume_point(after, last_event_id)
    view = await rt.get_execution(caller.tenant_id, execution_id)
    return event_stream(rt, caller.tenant_id, view, start, settings.sse_keepalive_seconds)
