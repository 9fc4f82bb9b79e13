"""Execution routes: status (with an optional long-poll), cancel, and the event stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response

from symphainy.runtime.api._deps import Caller, RuntimeDep, SettingsDep, operation, reply
from symphainy.runtime.api._sse import event_stream, resume_point
from symphainy.web import EVENT_STREAM_RESPONSES, EventAfter, LastEventId, PathId, api_router

router = api_router(errors=(), tags=["executions"])

Wait = Annotated[float, Query(ge=0, le=300, description="Seconds to wait for a terminal state")]


@operation(router, "get_execution")
async def get_execution(
    execution_id: PathId,
    rt: RuntimeDep,
    settings: SettingsDep,
    caller: Caller,
    include_artifacts: bool = False,
    wait: Wait = 0,
) -> Response:
    """An execution's status; with `wait`, first wait (bounded) until it is terminal."""
    tenant = caller.tenant_id
    if wait > 0:
        try:
            view = await rt.wait(tenant, execution_id, min(wait, settings.max_wait_seconds))
        except TimeoutError:
            view = await rt.get_execution(tenant, execution_id)
        if not include_artifacts:
            return reply(view)
    return reply(await rt.get_execution(tenant, execution_id, include_artifacts))


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
