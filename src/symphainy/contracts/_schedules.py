"""Schedule wire models: what creates a schedule, and how one looks to a client.

A schedule submits an intent (or triggers a journey) on a cron expression in an IANA time
zone, every N seconds, or once at a time. The shape of a request is checked here (exactly one
timing, a cron expression croniter accepts, a time zone zoneinfo knows), so every service
refuses a bad one with the same 422 naming the field; the runtime checks the rest (limits,
the intent's contract, the session).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from pydantic import AwareDatetime, ConfigDict, Field, field_validator, model_validator

from symphainy.contracts._models import PageCursor, Wire, WireRequest
from symphainy.contracts._priority import DEFAULT_PRIORITY, Priority
from symphainy.contracts._storable import Identifier, JsonInt, int_bounds

Overlap = Literal["skip", "buffer_one", "allow"]
"""While a previous run is unfinished: skip the due time, keep at most one waiting, or run."""
Catchup = Literal["none", "latest", "all"]
"""Due times missed while no scheduler ran: drop them, run the latest, or run them all."""
ScheduleStatus = Literal["active", "paused", "completed"]
"""`completed`: a one-shot (`at`) schedule that has fired."""


def valid_timezone(name: str) -> str:
    """`name` if zoneinfo knows it as an IANA time zone (ValueError otherwise)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {name!r}") from exc
    return name


def _given(types: dict[str, str], *, no_timezone: bool = False) -> dict[str, Any]:
    """These fields present with these JSON types (and `timezone` null or left out)."""
    properties: dict[str, Any] = {name: {"type": kind} for name, kind in types.items()}
    if no_timezone:
        properties["timezone"] = {"type": "null"}
    return {"required": list(types), "properties": properties}


ONE_TARGET_ONE_TIMING: dict[str, Any] = {
    "allOf": [
        {"oneOf": [_given({"intent_type": "string"}), _given({"journey_id": "string"})]},
        {
            "oneOf": [
                _given({"cron": "string", "timezone": "string"}),
                _given({"every_seconds": "integer"}, no_timezone=True),
                _given({"at": "string"}, no_timezone=True),
            ]
        },
    ]
}
"""`_one_of_each` as JSON Schema, so the published schema states the rule the server applies
(a field given as null counts as left out, as in the model)."""


class CreateScheduleRequest(WireRequest):
    """A schedule: what to run (`intent_type` or `journey_id`) and when (exactly one timing)."""

    model_config = ConfigDict(json_schema_extra=ONE_TARGET_ONE_TIMING)

    intent_type: str | None = Field(default=None, min_length=1, max_length=128)
    journey_id: str | None = Field(default=None, min_length=1, max_length=128)
    parameters: dict[str, Any] = Field(default_factory=dict)
    cron: str | None = Field(default=None, max_length=256)
    """A five-field cron expression (or `@daily` and the like), read in `timezone`."""
    timezone: str | None = Field(default=None, max_length=64)
    """The IANA time zone `cron` is read in (required with `cron`, refused without)."""
    every_seconds: Annotated[JsonInt, Field(ge=1), int_bounds(1)] | None = None
    """A fixed interval (at least the Setting `schedule_min_every_seconds`)."""
    at: AwareDatetime | None = None
    """Once, at this time (with an offset; in the future)."""
    session_id: Identifier | None = Field(default=None, max_length=64)
    overlap: Overlap = "skip"
    catchup: Catchup = "latest"
    priority: Priority = DEFAULT_PRIORITY
    """The priority of every run (higher starts first)."""

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and not croniter.is_valid(value):
            raise ValueError(f"not a valid cron expression: {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        return None if value is None else valid_timezone(value)

    @model_validator(mode="after")
    def _one_of_each(self) -> CreateScheduleRequest:
        if (self.intent_type is None) == (self.journey_id is None):
            raise ValueError("give exactly one of intent_type and journey_id")
        timings = [self.cron, self.every_seconds, self.at]
        if sum(t is not None for t in timings) != 1:
            raise ValueError("give exactly one of cron (with timezone), every_seconds and at")
        if (self.cron is None) != (self.timezone is None):
            raise ValueError("timezone goes with cron, and cron needs a timezone")
        return self


class ScheduleView(Wire):
    """A schedule as a client sees it."""

    schedule_id: str
    intent_type: str
    journey_id: str | None
    parameters: dict[str, Any]
    cron: str | None
    timezone: str | None
    every_seconds: int | None
    at: datetime | None
    session_id: str | None
    user_id: str | None
    """Whose authority the runs carry (the creator's, recorded at create)."""
    overlap: Overlap
    catchup: Catchup
    status: ScheduleStatus
    next_due: datetime | None
    """The next due time (None once a one-shot schedule has fired)."""
    last_due: datetime | None
    last_execution_id: str | None
    buffered_due: datetime | None
    """A due time held back by `buffer_one` until the unfinished run ends."""
    last_error: dict[str, Any] | None
    """The problem of the last run that could not be submitted (e.g. its session is gone)."""
    created_at: datetime
    updated_at: datetime
    priority: int = DEFAULT_PRIORITY


class SchedulePage(Wire):
    """A page of schedules, newest first."""

    schedules: list[ScheduleView]
    total: int
    limit: int
    next_cursor: str | None
    """Pass as `cursor` for the next page; None on the last page."""


class ListSchedulesQuery(WireRequest):
    """Filters and paging for schedules."""

    status: ScheduleStatus | None = None
    # A query string's values are text: `int` converts "50"; JsonInt (JSON bodies) would not.
    limit: int = Field(default=100, ge=1, le=1000)
    cursor: PageCursor = None
