"""The declared operations on the Experience service, generated (see `web.mount_operations`).

Path, method, body, answer, status and who may call come from `contracts.OPERATIONS`; each
runs on the caller's SDK (the token check and TrafficCop run in the `SDK`/`UserSDK`
dependencies).
"""

from __future__ import annotations

from symphainy.gateway._deps import SDK, AdminSDK, UserSDK
from symphainy.web import api_router
from symphainy.web._operations import mount_operations

router = api_router(tags=["operations"])
mount_operations(router, "experience", {"caller": SDK, "user": UserSDK, "admin": AdminSDK})
