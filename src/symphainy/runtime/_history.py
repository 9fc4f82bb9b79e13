"""An execution's history after the fact: its stored events, page by page, in stream order."""

from __future__ import annotations

from symphainy.contracts._history import ExecutionEventPage
from symphainy.errors import InvalidParameters
from symphainy.runtime._caller import CallerRuntime


async def event_history(
    rt: CallerRuntime, tenant_id: str, execution_id: str, after: int, limit: int
) -> ExecutionEventPage:
    """Events with seq above `after`, at most `limit` (≤ `event_page_max`), of a tenant's execution.

    The same events its stream carries: the stream replays these rows, then follows live.
    """
    cap = rt.settings.event_page_max
    if limit > cap:
        raise InvalidParameters(
            f"limit may be at most {cap} (event_page_max)",
            errors=[
                {"loc": ["query", "limit"], "msg": f"at most {cap}", "type": "less_than_equal"}
            ],
        )
    # One more than asked says whether another page follows without a count query.
    events = await rt.events(tenant_id, execution_id, after, limit + 1)
    page = events[:limit]
    more = len(events) > limit
    return ExecutionEventPage(
        execution_id=execution_id, events=page, next_after=page[-1].seq if more else None
    )
