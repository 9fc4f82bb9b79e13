"""The caller facade's schedule operations, with their checks (see `_facade.CallerFacade`).

Reading and listing take any credential of the tenant; creating, pausing, resuming,
triggering and deleting take a signed-in member (the runs carry the creator's authority,
so an anonymous or read-only credential may not leave work behind that runs later).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from symphainy.contracts import SubmitIntentResponse
from symphainy.contracts._schedules import (
    CreateScheduleRequest,
    ListSchedulesQuery,
    SchedulePage,
    ScheduleView,
)
from symphainy.runtime._caller import WRITER_ROLE, CallerRuntime, checked, checked_id
from symphainy.security._principal import Principal, require_role


class ScheduleOperations:
    """Schedule operations for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    if TYPE_CHECKING:  # CallerFacade's own checks

        def _bound(self, session_id: str | None) -> str | None: ...
        def _fits(self, value: Any) -> None: ...

    def _member(self) -> str:
        require_role(self.principal, WRITER_ROLE)
        return self.principal.tenant_id

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
        overlap: Literal["skip", "buffer_one", "allow"] = "skip",
        catchup: Literal["none", "latest", "all"] = "latest",
        priority: int = 0,
    ) -> ScheduleView:
        """A schedule of the caller's (a member), whose runs carry the caller's authority."""
        self._fits(parameters or {})
        self._member()
        body = checked(
            CreateScheduleRequest,
            intent_type=intent_type,
            journey_id=journey_id,
            parameters=parameters or {},
            cron=cron,
            timezone=timezone,
            every_seconds=every_seconds,
            at=at,
            session_id=session_id,
            overlap=overlap,
            catchup=catchup,
            priority=priority,
        )
        body = body.model_copy(update={"session_id": self._bound(body.session_id)})
        return await self._rt.schedules.create(self.principal, body)

    async def list_schedules(
        self, status: str | None = None, limit: int = 100, cursor: str | None = None
    ) -> SchedulePage:
        """A page of the caller's tenant's schedules."""
        query = checked(ListSchedulesQuery, status=status, limit=limit, cursor=cursor)
        tenant = self.principal.tenant_id
        return await self._rt.schedules.list(tenant, query.status, query.limit, query.cursor)

    async def get_schedule(self, schedule_id: str) -> ScheduleView:
        """One schedule of the caller's tenant."""
        checked_id("schedule_id", schedule_id)
        return await self._rt.schedules.get(self.principal.tenant_id, schedule_id)

    async def pause_schedule(self, schedule_id: str) -> ScheduleView:
        """Pause one of the tenant's schedules (a member)."""
        tenant = self._member()
        return await self._rt.schedules.pause(tenant, checked_id("schedule_id", schedule_id))

    async def resume_schedule(self, schedule_id: str) -> ScheduleView:
        """Resume one of the tenant's schedules (a member)."""
        tenant = self._member()
        return await self._rt.schedules.resume(tenant, checked_id("schedule_id", schedule_id))

    async def trigger_schedule(self, schedule_id: str) -> SubmitIntentResponse:
        """Run one of the tenant's schedules now (a member)."""
        tenant = self._member()
        return await self._rt.schedules.trigger(tenant, checked_id("schedule_id", schedule_id))

    async def delete_schedule(self, schedule_id: str) -> ScheduleView:
        """Delete one of the tenant's schedules (a member)."""
        tenant = self._member()
        return await self._rt.schedules.delete(tenant, checked_id("schedule_id", schedule_id))
