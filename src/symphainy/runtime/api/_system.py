"""Operational routes: liveness, readiness, and the tenant's write-ahead log."""

from __future__ import annotations

import asyncio
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from fastapi.responses import Response

from symphainy.contracts import Health, Readiness, WalPage
from symphainy.runtime.api._deps import Facade, RuntimeDep, operation, reply
from symphainy.web import WalAfter, WalLimit, api_router
from symphainy.web._problems import PUBLIC_ERRORS, log

router = api_router(errors=(), tags=["system"])
READY_TIMEOUT_SECONDS = 5.0


@cache  # reading it scans the installed distributions: 2/3 of a /health request's time
def package_version() -> str:
    """The installed symphainy version."""
    try:
        return version("symphainy")
    except PackageNotFoundError:
        return "0+unknown"


@operation(router, "health", errors=PUBLIC_ERRORS)
async def health() -> Response:
    """Liveness: the process is up (no authentication, no store access)."""
    return reply(Health(service="runtime", version=package_version()))


@operation(
    router,
    "ready",
    errors=PUBLIC_ERRORS,
    responses={503: {"model": Readiness, "description": "Not ready"}},
)
async def ready(rt: RuntimeDep) -> Response:
    """Readiness: store reachable, migrations current, workers alive (503 otherwise)."""
    readiness = await check_readiness(rt)
    return reply(readiness, 200 if readiness.ready else 503)


async def check_readiness(rt: RuntimeDep) -> Readiness:
    """Ask the runtime; a store that does not answer in time is not ready."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            info = await rt.readiness()
    except Exception as exc:
        log.warning("readiness check failed: %s", exc)
        return Readiness(ready=False, problems=[f"store unreachable ({type(exc).__name__})"])
    problems = []
    if not info["migrations_current"]:
        problems.append("database migrations are not current")
    if not (info["local_worker"] or info["live_workers"]):
        problems.append("no live workers")
    return Readiness(ready=not problems, problems=problems, **info)


@operation(router, "list_wal")
async def list_wal(facade: Facade, after: WalAfter = 0, limit: WalLimit = 100) -> Response:
    """The caller's tenant WAL entries after `after`, in chain order."""
    return reply(WalPage(entries=await facade.wal_entries(after, limit)))
