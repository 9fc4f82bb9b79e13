"""Execution priority on the wire: a bounded integer, higher claimed first."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from symphainy.contracts._storable import _json_integer, int_bounds

PRIORITY_MIN = -100
"""The lowest priority a submission, schedule or journey may ask for."""
PRIORITY_MAX = 100
"""The highest priority a submission, schedule or journey may ask for."""
DEFAULT_PRIORITY = 0
"""The priority of a submission that names none."""

_DESCRIPTION = "Higher is started first; within a priority, tenants take turns."
Priority = Annotated[
    int,
    BeforeValidator(_json_integer),
    Field(ge=PRIORITY_MIN, le=PRIORITY_MAX, description=_DESCRIPTION),
    int_bounds(PRIORITY_MIN, PRIORITY_MAX, _DESCRIPTION),
]
"""A priority field: an integer from `PRIORITY_MIN` to `PRIORITY_MAX`."""
