"""The declared operations on the Runtime API, generated (see `web.mount_operations`).

Path, method, body, answer and status come from `contracts.OPERATIONS`; each runs on the
service token's caller facade (`Runtime.for_caller`), which checks roles itself: a service
token carries the roles of the principal it was minted for.
"""

from __future__ import annotations

from symphainy.runtime.api._deps import Facade
from symphainy.web import api_router
from symphainy.web._operations import mount_operations

router = api_router(tags=["operations"])
mount_operations(router, "runtime", {"caller": Facade, "user": Facade, "admin": Facade})
