"""The Runtime API's operations on the Experience service, generated from the table.

Path, method, body, answer, status and who may call come from `contracts._routes.OPERATIONS`,
how each runs from `web.SDK_HANDLERS`, over the caller's SDK (the token check and TrafficCop
run in the `SDK`/`UserSDK` dependencies).
"""

from __future__ import annotations

from symphainy.gateway._deps import SDK, UserSDK
from symphainy.web import api_router
from symphainy.web._operations import SDK_HANDLERS, mount_operations

router = api_router(tags=["operations"])
mount_operations(router, SDK_HANDLERS, {"caller": SDK, "user": UserSDK})
