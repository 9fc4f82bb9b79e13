"""The Runtime HTTP app: thin routes over a started Runtime, authenticated by service tokens."""

from __future__ import annotations

from fastapi import FastAPI

from symphainy.config import Settings
from symphainy.observability import install_metrics, install_tracing
from symphainy.runtime import Runtime, platform_gauges
from symphainy.runtime.api import (
    _artifacts,
    _executions,
    _intents,
    _operations,
    _sessions,
    _system,
)
from symphainy.security import load_or_create_service_secret
from symphainy.web import (
    FASTAPI_TELEMETRY,
    include_routes,
    install_problem_handling,
    publish_openapi,
)

PUBLIC_PATHS = frozenset(
    {"/health", "/ready", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect"}
)
DESCRIPTION = (
    "Governed intent execution. Every route except /health, /ready and the docs needs "
    "`Authorization: Bearer <service token>`; the tenant comes only from that token. "
    "Errors are RFC 9457 `application/problem+json`."
)


def create_runtime_app(runtime: Runtime, settings: Settings) -> FastAPI:
    """A FastAPI app serving `runtime` (which the caller starts and stops)."""
    app = FastAPI(
        title="Symphainy Runtime API",
        version=_system.package_version(),
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        telemetry=FASTAPI_TELEMETRY,
    )
    app.state.runtime = runtime
    app.state.settings = settings
    app.state.service_secret = load_or_create_service_secret(settings)
    for module in (_system, _sessions, _intents, _executions, _artifacts, _operations):
        include_routes(app, module.router)
    install_problem_handling(
        app, settings.max_body_bytes, path_limits={"/api/uploads": settings.max_upload_bytes}
    )
    # One pipeline per process: HTTP spans go out with the runtime's execution spans.
    tracer = runtime.tracer
    install_tracing(app, settings, "runtime", None if tracer is None else tracer.provider)
    install_metrics(
        app,
        "runtime",
        lambda: platform_gauges(runtime.store, settings.lease_seconds),
        settings.metrics_token.get_secret_value(),
    )
    publish_openapi(app)
    return app
