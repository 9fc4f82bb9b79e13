"""The runtime's object graph, shared by the Runtime facade, workers and contexts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from symphainy.config import Settings
from symphainy.contracts import ExecutionView, SubmitIntentResponse
from symphainy.reasoning import ReasoningProvider
from symphainy.runtime._artifacts import ArtifactRegistry
from symphainy.runtime._events import EventHub
from symphainy.runtime._identity import IdentityService
from symphainy.runtime._pending import PendingIntents
from symphainy.runtime._registry import IntentRegistry
from symphainy.runtime._secrets import SecretVault
from symphainy.runtime._state import StateSurface
from symphainy.runtime._submit import SubmitIntent
from symphainy.runtime._wal import Wal
from symphainy.store import BlobStore, Store


@dataclass(frozen=True, slots=True)
class Services:
    """One runtime's collaborators (built once in Φ3, passed down)."""

    settings: Settings
    registry: IntentRegistry
    store: Store
    blobs: BlobStore
    hub: EventHub
    state: StateSurface
    artifacts: ArtifactRegistry
    pending: PendingIntents
    wal: Wal
    reasoning: ReasoningProvider
    secrets: SecretVault
    identity: IdentityService
    # Runtime.submit, for child executions (journeys) started from inside a handler.
    submit: Callable[[SubmitIntent], Awaitable[SubmitIntentResponse]]
    # Runtime.cancel(tenant_id, execution_id): signals the local worker at once.
    cancel: Callable[[str, str], Awaitable[ExecutionView]]
