"""Experience SDK: one Protocol, in-process and HTTP implementations, and the RuntimeClient."""

from __future__ import annotations

from symphainy.contracts._sdk import StagedUpload, StateSnapshot
from symphainy.sdk._errors import RuntimeApiError, error_from_problem
from symphainy.sdk._http import HttpSDK
from symphainy.sdk._local import LocalSDK
from symphainy.sdk._protocol import ExperienceSDK, SessionRef
from symphainy.sdk._remote import RemoteRuntime
from symphainy.sdk._runtime_client import RuntimeClient, SyncRuntimeClient

__all__ = [
    "ExperienceSDK",
    "HttpSDK",
    "LocalSDK",
    "RemoteRuntime",
    "RuntimeApiError",
    "RuntimeClient",
    "SessionRef",
    "StagedUpload",
    "StateSnapshot",
    "SyncRuntimeClient",
    "error_from_problem",
]
