"""HTTP plumbing shared by the Runtime API and the Experience service.

Problem+json error handling, the body-size guard, Server-Sent Events and streamed multipart
uploads. Imports only contracts and errors, so both services can use it.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException

from symphainy.errors import SymphainyError
from symphainy.web._middleware import GuardMiddleware
from symphainy.web._multipart import non_empty, stream_multipart_file
from symphainy.web._problems import (
    on_http_error,
    on_symphainy_error,
    on_validation_error,
    problem_response,
    publish_openapi,
    relabel_problem_content,
)
from symphainy.web._routing import (
    PathId,
    StrictRoute,
    WalAfter,
    WalLimit,
    api_router,
    check_routes,
    include_routes,
    loads_strict,
)
from symphainy.web._sse import (
    EVENT_STREAM_CONTENT,
    EVENT_STREAM_RESPONSES,
    EventAfter,
    LastEventId,
    encode_event,
    resume_point,
    snapshot_response,
    sse_response,
)

FASTAPI_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's own OpenTelemetry hooks, off (`FastAPI(telemetry=...)`, FastAPI 0.143+).

Both services trace with their own provider (`observability.install_tracing`, one span per
request, off unless `SYMPHAINY_OTLP_ENDPOINT` is set) and count requests on `/metrics`.
FastAPI's hooks follow the process-global providers instead: set by anything else in the
process, they would add a second span per request outside our settings, and they look the
global providers up on every request (3 % of a submit's CPU under load, py-spy).
"""


def install_problem_handling(
    app: FastAPI, max_body_bytes: int, path_limits: Mapping[str, int] | None = None
) -> None:
    """Every error as problem+json; bodies over the limit (per path if given) refused, 413.

    Call it once every route is mounted: it also checks each came from `api_router`.
    """
    check_routes(app)
    app.add_exception_handler(SymphainyError, on_symphainy_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_middleware(GuardMiddleware, max_body_bytes=max_body_bytes, path_limits=path_limits)


__all__ = [
    "EVENT_STREAM_CONTENT",
    "EVENT_STREAM_RESPONSES",
    "FASTAPI_TELEMETRY",
    "EventAfter",
    "GuardMiddleware",
    "LastEventId",
    "PathId",
    "StrictRoute",
    "WalAfter",
    "WalLimit",
    "api_router",
    "check_routes",
    "encode_event",
    "include_routes",
    "install_problem_handling",
    "loads_strict",
    "non_empty",
    "on_http_error",
    "on_symphainy_error",
    "on_validation_error",
    "problem_response",
    "publish_openapi",
    "relabel_problem_content",
    "resume_point",
    "snapshot_response",
    "sse_response",
    "stream_multipart_file",
]
