"""Schedules as a caller reaches them: create, read, pause, resume, trigger, delete.

Every method is scoped to the caller's tenant. A schedule records its creator (user, roles,
session) at create, and each run is submitted through the ordinary submit path as that creator,
so a run passes every check a submission does; at create the same checks run once more, so a
schedule that could never run is refused then (422), not found out at its first due time.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from symphainy.config import Settings
from symphainy.contracts import JOURNEY_INTENT, SubmitIntentResponse
from symphainy.contracts._schedules import CreateScheduleRequest, SchedulePage, ScheduleView
from symphainy.errors import InvalidParameters, ScheduleNotFound
from symphainy.runtime._paging import Key, page
from symphainy.runtime._registry import IntentSpec
from symphainy.runtime._schedule_times import Timing
from symphainy.runtime._submit import SubmitIntent
from symphainy.runtime._views import opt_ts, ts
from symphainy.security._principal import Principal
from symphainy.store import ScheduleRow, Store, dumps, loads


class Submitter(Protocol):
    """The submit path a schedule's runs take (the Runtime's)."""

    def admit(self, request: SubmitIntent) -> tuple[dict[str, Any], dict[str, str], IntentSpec]:
        """Every check a submission passes before it is recorded."""
        ...

    async def submit(self, request: SubmitIntent) -> SubmitIntentResponse:
        """Record an intent for execution."""
        ...


def run_key(schedule_id: str, due: float) -> str:
    """The idempotency key of a schedule's run for a due time: one run per due time, ever."""
    return f"schedule:{schedule_id}:{due!r}"


def run_request(row: ScheduleRow, due: float, key: str | None = None) -> SubmitIntent:
    """The submission of `row`'s run for `due`, as its creator."""
    params: dict[str, Any] = loads(row.parameters)
    if row.journey_id is not None:
        params = {"journey_id": row.journey_id, "journey_params": params}
    return SubmitIntent(
        tenant_id=row.tenant_id,
        intent_type=row.intent_type,
        parameters=params,
        session_id=row.session_id,
        user_id=row.user_id,
        idempotency_key=key or run_key(row.schedule_id, due),
        roles=tuple(loads(row.roles)),
        schedule_id=row.schedule_id,
        schedule_due=due,
        priority=row.priority,
    )


class Schedules:
    """Tenant-scoped schedule operations over the store and the submit path."""

    def __init__(
        self, settings: Settings, store: Store, submitter: Submitter, wake: Callable[[], None]
    ) -> None:
        self._settings, self._store, self._submitter, self._wake = settings, store, submitter, wake

    async def create(self, caller: Principal, body: CreateScheduleRequest) -> ScheduleView:
        """A new schedule of the caller's (422 if it could never run, 409 past the limit)."""
        now = time.time()
        self._check_timing(body, now)
        row = self._new_row(caller, body, now)
        _, secrets, _ = self._submitter.admit(run_request(row, now))
        if secrets:
            raise _invalid("parameters", "an intent that takes secrets cannot be scheduled")
        row = await self._store.schedules.create(row, self._settings.schedules_per_tenant)
        self._wake()
        return schedule_view(row)

    def _check_timing(self, body: CreateScheduleRequest, now: float) -> None:
        least = self._settings.schedule_min_every_seconds
        if body.every_seconds is not None and body.every_seconds < least:
            raise _invalid("every_seconds", f"at least {least} (schedule_min_every_seconds)")
        if body.at is not None and body.at.timestamp() <= now:
            raise _invalid("at", "the time has passed")

    def _new_row(self, caller: Principal, body: CreateScheduleRequest, now: float) -> ScheduleRow:
        at = None if body.at is None else body.at.timestamp()
        timing = Timing(body.cron, body.timezone, body.every_seconds, at)
        return ScheduleRow(
            schedule_id=uuid.uuid4().hex,
            tenant_id=caller.tenant_id,
            intent_type=body.intent_type or JOURNEY_INTENT,
            journey_id=body.journey_id,
            parameters=dumps(body.parameters),
            cron=body.cron,
            timezone=body.timezone,
            every_seconds=body.every_seconds,
            at=at,
            session_id=body.session_id,
            user_id=caller.user_id,
            roles=dumps(list(caller.roles)),
            overlap=body.overlap,
            catchup=body.catchup,
            status="active",
            next_due=timing.next_after(now),
            last_due=None,
            last_execution_id=None,
            buffered_due=None,
            last_error=None,
            lease_owner=None,
            lease_expires=None,
            created_at=now,
            updated_at=now,
            priority=body.priority,
        )

    async def get(self, tenant_id: str, schedule_id: str) -> ScheduleView:
        """One schedule of the tenant."""
        return schedule_view(await self._row(tenant_id, schedule_id))

    async def _row(self, tenant_id: str, schedule_id: str) -> ScheduleRow:
        row = await self._store.schedules.get(tenant_id, schedule_id)
        if row is None:
            raise ScheduleNotFound(f"schedule {schedule_id} not found")
        return row

    async def list(
        self, tenant_id: str, status: str | None, limit: int, cursor: str | None
    ) -> SchedulePage:
        """A page of the tenant's schedules, newest first."""

        async def fetch(after: Key | None, n: int) -> tuple[list[ScheduleRow], int]:
            return await self._store.schedules.list(tenant_id, status=status, limit=n, after=after)

        got = await page("schedule", fetch, lambda r: r.schedule_id, limit=limit, cursor=cursor)
        return SchedulePage(
            schedules=[schedule_view(r) for r in got.rows],
            total=got.total,
            limit=limit,
            next_cursor=got.next_cursor,
        )

    async def pause(self, tenant_id: str, schedule_id: str) -> ScheduleView:
        """Stop firing until resumed."""
        return schedule_view(await self._store.schedules.pause(tenant_id, schedule_id))

    async def resume(self, tenant_id: str, schedule_id: str) -> ScheduleView:
        """Fire again from the next due time after now."""
        row = await self._store.schedules.resume(tenant_id, schedule_id, _next_due)
        self._wake()
        return schedule_view(row)

    async def trigger(self, tenant_id: str, schedule_id: str) -> SubmitIntentResponse:
        """Submit one run now, whatever the timing, status and overlap policy say."""
        row = await self._row(tenant_id, schedule_id)
        now = time.time()
        key = f"schedule:{schedule_id}:trigger:{uuid.uuid4().hex}"
        response = await self._submitter.submit(run_request(row, now, key))
        await self._store.schedules.record_trigger(row, now, response.execution_id)
        return response

    async def delete(self, tenant_id: str, schedule_id: str) -> ScheduleView:
        """Delete a schedule; answers its last view."""
        return schedule_view(await self._store.schedules.delete(tenant_id, schedule_id))


def _next_due(row: ScheduleRow, moment: float) -> float | None:
    return Timing.of(row).next_after(moment)


def _invalid(field: str, msg: str) -> InvalidParameters:
    return InvalidParameters(
        f"{field}: {msg}", errors=[{"loc": ["body", field], "msg": msg, "type": "value_error"}]
    )


def schedule_view(row: ScheduleRow) -> ScheduleView:
    """A schedule as clients see it."""
    return ScheduleView(
        schedule_id=row.schedule_id,
        intent_type=row.intent_type,
        journey_id=row.journey_id,
        parameters=loads(row.parameters),
        cron=row.cron,
        timezone=row.timezone,
        every_seconds=row.every_seconds,
        at=opt_ts(row.at),
        session_id=row.session_id,
        user_id=row.user_id,
        overlap=row.overlap,
        catchup=row.catchup,
        status=row.status,
        next_due=opt_ts(row.next_due),
        last_due=opt_ts(row.last_due),
        last_execution_id=row.last_execution_id,
        buffered_due=opt_ts(row.buffered_due),
        last_error=None if row.last_error is None else loads(row.last_error),
        created_at=ts(row.created_at),
        updated_at=ts(row.updated_at),
        priority=row.priority,
    )
