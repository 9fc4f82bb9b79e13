"""The runtime: the public contract intent authors and the platform build on."""

from __future__ import annotations

from symphainy.contracts import JOURNEY_INTENT
from symphainy.runtime._artifacts import ArtifactRegistry, BoundArtifacts
from symphainy.runtime._caller import decide_approval, upgrade_caller_session
from symphainy.runtime._catalogue import Catalogue
from symphainy.runtime._children import ChildExecutions
from symphainy.runtime._composed import BoundSolutions, ComposedSolution, SolutionRuns
from symphainy.runtime._context import ContextState, ContextWal, ExecutionContext, Handler
from symphainy.runtime._events import EventHub
from symphainy.runtime._facade import CallerFacade
from symphainy.runtime._gauges import platform_gauges
from symphainy.runtime._journey_engine import APPROVAL_INTENT, register_journey_engine
from symphainy.runtime._journeys import Compensation, Journey, Solution, Step
from symphainy.runtime._metrics import (
    FailureInfo,
    IntentTiming,
    PlatformMetrics,
    QueueDepth,
    Slice,
    StoreHealth,
    WorkerInfo,
)
from symphainy.runtime._parsed_tables import StoredTable
from symphainy.runtime._pending import BoundPending, PendingIntents
from symphainy.runtime._registry import IntentRegistry, IntentSpec, RegisteredIntent, RetryPolicy
from symphainy.runtime._runtime import Runtime
from symphainy.runtime._state import ScopedState, StateSurface
from symphainy.runtime._submit import SubmitIntent
from symphainy.runtime._wal import Wal
from symphainy.runtime._wal_checkpoint import WalCheckpoint, read_wal_checkpoint

__all__ = [
    "APPROVAL_INTENT",
    "JOURNEY_INTENT",
    "ArtifactRegistry",
    "BoundArtifacts",
    "BoundPending",
    "BoundSolutions",
    "CallerFacade",
    "Catalogue",
    "ChildExecutions",
    "Compensation",
    "ComposedSolution",
    "ContextState",
    "ContextWal",
    "EventHub",
    "ExecutionContext",
    "FailureInfo",
    "Handler",
    "IntentRegistry",
    "IntentSpec",
    "IntentTiming",
    "Journey",
    "PendingIntents",
    "PlatformMetrics",
    "QueueDepth",
    "RegisteredIntent",
    "RetryPolicy",
    "Runtime",
    "ScopedState",
    "Slice",
    "Solution",
    "SolutionRuns",
    "StateSurface",
    "Step",
    "StoreHealth",
    "StoredTable",
    "SubmitIntent",
    "Wal",
    "WalCheckpoint",
    "WorkerInfo",
    "decide_approval",
    "platform_gauges",
    "read_wal_checkpoint",
    "register_journey_engine",
    "upgrade_caller_session",
]
