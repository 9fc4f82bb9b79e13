"""Wire models of signals: durable messages delivered to a running or waiting execution."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from symphainy.contracts._models import Wire, WireRequest

SIGNAL_NAME = re.compile(r"^[a-z][a-z0-9_.\-]{0,63}$")
"""What a signal's name may be: lower case, digits, `_`, `.` and `-`, at most 64 characters."""
RESERVED_SIGNAL_PREFIX = "symphainy."
"""Names the platform sends itself (approval decisions); callers may not send them."""
APPROVAL_SIGNAL = "symphainy.approval"
"""The signal a decided approval request delivers to the execution waiting on it."""


def signal_name_error(name: str) -> str | None:
    """Why `name` cannot name a signal, or None if it can."""
    if not SIGNAL_NAME.match(name):
        return f"signal name {name!r} must match {SIGNAL_NAME.pattern}"
    return None


class SignalRequest(WireRequest):
    """A signal for an execution: its name and a JSON payload (size bounded by a Setting)."""

    name: str = Field(min_length=1, max_length=64, pattern=SIGNAL_NAME.pattern)
    payload: Any = None

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name.startswith(RESERVED_SIGNAL_PREFIX):
            raise ValueError(f"names starting with {RESERVED_SIGNAL_PREFIX!r} are the platform's")
        return name


class SignalView(Wire):
    """A stored signal: delivered to `execution_id`, consumed at most once by a handler."""

    signal_id: str
    execution_id: str
    name: str
    payload: Any
    seq: int
    """Its place among the execution's signals (handlers receive them in this order)."""
    sent_by: str | None
    sent_at: datetime
