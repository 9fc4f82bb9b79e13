"""The schedule operations of the Experience SDK, declared once (see `_experience`).

`ExperienceSDK` inherits them; they live here so each module stays small. Routes, clients,
MCP tools and docs find them through `protocol_members`, like the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from symphainy.contracts._models import SubmitIntentResponse
from symphainy.contracts._operation import declared, operation
from symphainy.contracts._schedules import (
    Catchup,
    CreateScheduleRequest,
    ListSchedulesQuery,
    Overlap,
    SchedulePage,
    ScheduleView,
)


class ScheduleOperations(Protocol):
    """Durable schedules: create, list, read, pause, resume, trigger, delete."""

    @operation(
        "create_schedule",
        "POST",
        "/api/schedule/create",
        ScheduleView,
        CreateScheduleRequest,
        status=201,
        scope="user",
    )
    async def create_schedule(
        self,
        intent_type: str | None = None,
        journey_id: str | None = None,
        parameters: dict[str, Any] | None = None,
        cron: str | None = None,
        timezone: str | None = None,
        every_seconds: int | None = None,
        at: datetime | None = None,
        session_id: str | None = None,
        overlap: Overlap = "skip",
        catchup: Catchup = "latest",
        priority: int = 0,
    ) -> ScheduleView:
        """Submit an intent (or trigger a journey) on a cron (+ timezone), every N s, or at a time.

        Runs are ordinary executions carrying the creator's authority and the schedule's id.
        """
        declared()

    @operation(
        "list_schedules", "GET", "/api/schedule/list", SchedulePage, query=ListSchedulesQuery
    )
    async def list_schedules(
        self, status: str | None = None, limit: int = 100, cursor: str | None = None
    ) -> SchedulePage:
        """The caller's tenant's schedules, newest first (keyset paged)."""
        declared()

    @operation("get_schedule", "GET", "/api/schedule/{schedule_id}", ScheduleView)
    async def get_schedule(self, schedule_id: str) -> ScheduleView:
        """One schedule of the caller's tenant."""
        declared()

    @operation(
        "pause_schedule", "POST", "/api/schedule/{schedule_id}/pause", ScheduleView, scope="user"
    )
    async def pause_schedule(self, schedule_id: str) -> ScheduleView:
        """Stop firing until resumed (due times while paused are not made up)."""
        declared()

    @operation(
        "resume_schedule", "POST", "/api/schedule/{schedule_id}/resume", ScheduleView, scope="user"
    )
    async def resume_schedule(self, schedule_id: str) -> ScheduleView:
        """Fire again, from the next due time after now."""
        declared()

    @operation(
        "trigger_schedule",
        "POST",
        "/api/schedule/{schedule_id}/trigger",
        SubmitIntentResponse,
        status=202,
        scope="user",
    )
    async def trigger_schedule(self, schedule_id: str) -> SubmitIntentResponse:
        """Run the schedule now (one more run; its timing is unchanged)."""
        declared()

    @operation(
        "delete_schedule", "DELETE", "/api/schedule/{schedule_id}", ScheduleView, scope="user"
    )
    async def delete_schedule(self, schedule_id: str) -> ScheduleView:
        """Delete a schedule (its runs stay, still naming it); answers its last view."""
        declared()
