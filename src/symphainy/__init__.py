"""Symphainy: a governed intent-execution platform.

Intent authors import from here: declare intents on an `IntentRegistry`, handle them with an
`ExecutionContext`, and run them in a `Runtime`.
"""

from __future__ import annotations

from symphainy.config import Settings
from symphainy.errors import SymphainyError
from symphainy.runtime import (
    ExecutionContext,
    IntentRegistry,
    IntentSpec,
    RetryPolicy,
    Runtime,
    SubmitIntent,
)

__all__ = [
    "ExecutionContext",
    "IntentRegistry",
    "IntentSpec",
    "RetryPolicy",
    "Runtime",
    "Settings",
    "SubmitIntent",
    "SymphainyError",
]
