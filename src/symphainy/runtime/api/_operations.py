"""Operations the Runtime API runs exactly as the Experience service does, from the table.

Path, method, body, answer and status come from `contracts._routes.OPERATIONS`, how each runs
from `web.SDK_HANDLERS`, over the service token's caller facade (`Runtime.for_caller`).
"""

from __future__ import annotations

from symphainy.runtime.api._deps import Facade
from symphainy.web import api_router
from symphainy.web._operations import SDK_HANDLERS, mount_operations

SHARED = (
    "get_session",
    "list_executions",
    "cancel_execution",
    "get_artifact",
    "get_artifact_lineage",
    "resolve_artifact",
    "list_artifacts",
    "list_pending_intents",
    "list_intents",
    "list_realms",
    "list_journeys",
    "checkpoint_wal",
)

router = api_router(tags=["operations"])
mount_operations(
    router, {name: SDK_HANDLERS[name] for name in SHARED}, {"caller": Facade, "user": Facade}
)
