"""The Experience service app (:8001): the single public gateway, every route via the SDK."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from symphainy.console import STATIC_DIR
from symphainy.gateway import (
    _auth,
    _control_tower,
    _executions,
    _operations,
    _resources,
    _sessions,
    _team,
)
from symphainy.gateway._deps import GatewayDeps, deps_of
from symphainy.observability import install_metrics, install_tracing
from symphainy.web import (
    FASTAPI_TELEMETRY,
    api_router,
    include_routes,
    install_problem_handling,
    publish_openapi,
)
from symphainy.web._problems import PUBLIC_ERRORS

MULTIPART_OVERHEAD = 64 * 1024
DESCRIPTION = (
    "The public API of Symphainy. Authenticate with `Authorization: Bearer <token>` "
    "(an access token from /api/auth/login, an anonymous session token from "
    "/api/session/create-anonymous, or an API key). The tenant always comes from the token. "
    "Errors are RFC 9457 `application/problem+json`."
)


def create_gateway_app(deps: GatewayDeps) -> FastAPI:
    """The Experience service, serving what `deps` provides."""
    app = FastAPI(
        title="Symphainy Experience API",
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        telemetry=FASTAPI_TELEMETRY,
    )
    app.state.deps = deps
    # _executions before _operations: its `/api/intent/pending/stream` would otherwise be taken
    # for the pending intent `stream` (`/api/intent/pending/{intent_id}`).
    for module in (_auth, _team, _sessions, _executions, _operations, _resources, _control_tower):
        include_routes(app, module.router)
    include_routes(app, system)
    app.mount("/console", StaticFiles(directory=STATIC_DIR), name="console")
    # Uploads are multipart streams with their own (larger) limit, enforced while streaming.
    upload_limit = deps.settings.max_upload_bytes + MULTIPART_OVERHEAD
    install_problem_handling(
        app, deps.settings.max_body_bytes, path_limits={"/api/uploads": upload_limit}
    )
    install_tracing(app, deps.settings, "experience")
    install_metrics(app, "experience", deps.gauges, deps.settings.metrics_token.get_secret_value())
    publish_openapi(app)
    return app


system = api_router(errors=PUBLIC_ERRORS, tags=["system"])
NOT_READY = {
    "description": "Not ready",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


@system.get("/", include_in_schema=False)
async def console_home() -> RedirectResponse:
    """The web console."""
    return RedirectResponse("/console/index.html")


@system.get("/health")
async def health() -> dict[str, str]:
    """Liveness."""
    return {"status": "ok", "service": "experience"}


@system.get("/ready", responses={503: NOT_READY})
async def ready(request: Request) -> Response:
    """Ready when the runtime behind the SDK is (store, migrations, workers, boot phase)."""
    report: dict[str, Any] = await deps_of(request).readiness()
    return JSONResponse(report, status_code=200 if report.get("ready") else 503)
