"""The runtime: the public contract intent authors and the platform build on."""

from __future__ import annotations

from symphainy.runtime._artifacts import ArtifactRegistry, BoundArtifacts
from symphainy.runtime._context import ContextState, ContextWal, ExecutionContext
from symphainy.runtime._events import EventHub
from symphainy.runtime._metrics import (
    FailureInfo,
    IntentTiming,
    PlatformMetrics,
    QueueDepth,
    Slice,
    StoreHealth,
    WorkerInfo,
    platform_gauges,
)
from symphainy.runtime._pending import BoundPending, PendingIntents
from symphainy.runtime._registry import (
    Handler,
    IntentRegistry,
    IntentSpec,
    RegisteredIntent,
    RetryPolicy,
)
from symphainy.runtime._runtime import Runtime, SubmitIntent
from symphainy.runtime._state import ScopedState, StateSurface
from symphainy.runtime._wal import Wal

__all__ = [
    "ArtifactRegistry",
    "BoundArtifacts",
    "BoundPending",
    "ContextState",
    "ContextWal",
    "EventHub",
    "ExecutionContext",
    "FailureInfo",
    "Handler",
    "IntentRegistry",
    "IntentSpec",
    "IntentTiming",
    "PendingIntents",
    "PlatformMetrics",
    "QueueDepth",
    "RegisteredIntent",
    "RetryPolicy",
    "Runtime",
    "ScopedState",
    "Slice",
    "StateSurface",
    "StoreHealth",
    "SubmitIntent",
    "Wal",
    "WorkerInfo",
    "platform_gauges",
]
