"""The one wire type of a point in time a caller names (a delayed start)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator

__all__ = ["NotBefore"]


def _timestamp_only(value: Any) -> Any:
    # RFC 3339 text (or a datetime in process): a bare number would be read as epoch seconds,
    # which the JSON Schema (`date-time`) does not promise, so it is refused like any garbage.
    if not isinstance(value, str | datetime):
        raise ValueError("Input should be an RFC 3339 timestamp with a UTC offset")
    return value


NotBefore = Annotated[AwareDatetime, BeforeValidator(_timestamp_only)]
"""A start time: RFC 3339 with an offset (`2030-01-01T09:00:00+01:00`); naive times are refused."""
