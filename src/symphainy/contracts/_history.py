"""Wire models of an execution's history: its events, page by page."""

from __future__ import annotations

from pydantic import Field

from symphainy.contracts._models import ExecutionEvent, Wire, WireRequest
from symphainy.contracts._storable import INT64_MAX

__all__ = ["EventHistoryQuery", "ExecutionEventPage"]


class EventHistoryQuery(WireRequest):
    """`execution_events`' query string: events after sequence number `after`, `limit` at most."""

    after: int = Field(default=0, ge=0, le=INT64_MAX, description="Events with seq above this")
    limit: int = Field(
        default=100,
        ge=1,
        le=1000,
        description="Events per page; the server's event_page_max may serve fewer (see next_after)",
    )


class ExecutionEventPage(Wire):
    """A page of an execution's history, in sequence order (the events its stream carries)."""

    execution_id: str
    events: list[ExecutionEvent]
    next_after: int | None
    """Pass as `after` for the next page; None when this page reached the latest event."""
