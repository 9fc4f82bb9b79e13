"""An execution's history after the fact: its stored events, page by page, in stream order."""

from __future__ import annotations

from symphainy.contracts._history import ExecutionEventPage
from symphainy.runtime._caller import CallerRuntime


async def event_history(
    rt: CallerRuntime, tenant_id: str, execution_id: str, after: int, limit: int
) -> ExecutionEventPage:
    """Events with seq above `after`, at most `limit`, of a tenant's execution.

    The same events its stream carries: the stream replays these rows, then follows live. A
    page holds at most the `event_page_max` Setting however large `limit` is (the wire allows
    up to 1000); `next_after` then says where the next page starts.
    """
    limit = min(limit, rt.settings.event_page_max)
    # One more than asked says whether another page follows without a count query.
    events = await rt.events(tenant_id, execution_id, after, limit + 1)
    page = events[:limit]
    more = len(events) > limit
    return ExecutionEventPage(
        execution_id=execution_id, events=page, next_after=page[-1].seq if more else None
    )
