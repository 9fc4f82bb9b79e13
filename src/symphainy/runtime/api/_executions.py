"""The routes written by hand because they are Server-Sent Events.

An execution's event stream, and the tenant's pending intents live.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response

from symphainy.contracts._sdk import PENDING_EVENT, PendingStreamQuery
from symphainy.runtime.api._deps import Caller, Facade, RuntimeDep, SettingsDep, operation
from symphainy.runtime.api._sse import event_stream, resume_point
from symphainy.web import (
    EVENT_STREAM_RESPONSES,
    EventAfter,
    LastEventId,
    PathId,
    api_router,
    snapshot_response,
)

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


@operation(
    router,
    "stream_pending_intents",
    response_class=Response,
    responses=EVENT_STREAM_RESPONSES,
)
async def stream_pending_intents(
    facade: Facade, settings: SettingsDep, query: Annotated[PendingStreamQuery, Query()]
) -> Response:
    """The tenant's pending intents live, as Server-Sent Events.

    A `pending` frame with the snapshot now, then one each time it changes (see
    `ExperienceSDK.watch_pending`).
    """
    pages = facade.watch_pending(query.intent_type, query.status)
    return snapshot_response(pages, settings.sse_keepalive_seconds, PENDING_EVENT)
