"""Running limits per intent type on the wire: a tenant's view and an admin's override."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from symphainy.contracts._models import Wire, WireRequest
from symphainy.contracts._storable import JsonInt, int_bounds

MAX_RUNNING_CAP = 1_000_000
"""The largest `max_running` an override may set (beyond it, say "no limit": null)."""
RunningLimit = Annotated[JsonInt, Field(ge=1, le=MAX_RUNNING_CAP), int_bounds(1, MAX_RUNNING_CAP)]
"""How many of an intent type may run at once."""


class SetConcurrencyLimitRequest(WireRequest):
    """Override, for the caller's tenant, how many of an intent type may run at once."""

    intent_type: str = Field(min_length=1, max_length=128)
    max_running: RunningLimit | None
    """At most this many running at once on every worker and node; null removes the override
    (the registered limit applies again)."""


class ConcurrencyLimitView(Wire):
    """One intent type's limit on running executions for the caller's tenant."""

    intent_type: str
    registered: int | None
    """The limit registered with the intent (None: none)."""
    override: int | None
    """The tenant's override (None: none)."""
    effective: int | None
    """The limit in force: the override, else the registered one (None: unlimited)."""
    updated_at: datetime | None
    """When the override was last set (None without one)."""
