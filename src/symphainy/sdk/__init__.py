"""Experience SDK: one Protocol, in-process and HTTP implementations, and the RuntimeClient."""

from __future__ import annotations

from symphainy.sdk._errors import RuntimeApiError
from symphainy.sdk._runtime_client import RuntimeClient, SyncRuntimeClient

__all__ = ["RuntimeApiError", "RuntimeClient", "SyncRuntimeClient"]
