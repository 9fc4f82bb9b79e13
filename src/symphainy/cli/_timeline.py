"""An execution's history as a person reads it: a header of timings, then one line per event."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

from symphainy.contracts import ExecutionEvent, ExecutionView
from symphainy.sdk import HttpSDK

DETAIL_CHARS = 100
"""Longest event detail shown on a timeline line (the rest is cut with an ellipsis)."""


async def history(sdk: HttpSDK, execution_id: str) -> AsyncIterator[ExecutionEvent]:
    """Every stored event of an execution, page after page."""
    after: int | None = 0
    while after is not None:
        page = await sdk.execution_events(execution_id, after=after)
        for event in page.events:
            yield event
        after = page.next_after


def timeline(view: ExecutionView, events: list[ExecutionEvent]) -> Iterator[str]:
    """The lines of a readable timeline: what ran, when, for how long, then each event."""
    yield f"{view.intent_type}  {view.execution_id}  {view.status}"
    yield f"  attempts {view.attempt} of {view.max_attempts}" + (
        f"  parent {view.parent_execution_id}" if view.parent_execution_id else ""
    )
    for label, value in (
        ("submitted", view.created_at),
        ("not before", view.not_before),
        ("started", view.started_at),
        ("finished", view.finished_at),
    ):
        if value is not None:
            yield f"  {label:<11}{_when(value)}"
    if view.duration_seconds is not None:
        yield f"  {'duration':<11}{view.duration_seconds:.3f}s"
    start = events[0].created_at if events else view.created_at
    for event in events:
        offset = (event.created_at - start).total_seconds()
        when = f"{_when(event.created_at)}  +{offset:>9.3f}s"
        yield f"{event.seq:>5}  {when}  {event.kind:<28}{_detail(event)}"


def _when(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


def _detail(event: ExecutionEvent) -> str:
    parts = []
    for key, value in event.data.items():
        shown = value if isinstance(value, str | int | float | bool) else json.dumps(value)
        parts.append(f"{key}={shown}")
    text = " ".join(parts)
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"
