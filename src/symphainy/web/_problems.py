"""Errors as RFC 9457 problem+json: one mapping for every failure the Runtime API reports."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from symphainy.contracts import Problem
from symphainy.errors import (
    PROBLEM_BASE,
    AuthenticationRequired,
    Forbidden,
    InvalidParameters,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    SymphainyError,
)
from symphainy.types import JSONObject

log = logging.getLogger("symphainy.web")

PROBLEM_MEDIA_TYPE = "application/problem+json"
AUTH_ERRORS = (400, 401, 403, 404, 409, 413, 422, 429, 500, 503)
PUBLIC_ERRORS = (413, 422, 500)
_BY_STATUS: dict[int, type[SymphainyError]] = {
    400: InvalidRequest,
    401: AuthenticationRequired,
    403: Forbidden,
    404: NotFound,
    413: PayloadTooLarge,
}


def problem_response(body: JSONObject, status: int) -> Response:
    """A problem+json response (401s also say how to authenticate)."""
    headers: dict[str, str] | None = None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    elif status == 429 and "retry_after" in body:
        headers = {"Retry-After": str(body["retry_after"])}
    return Response(orjson.dumps(body), status, headers, PROBLEM_MEDIA_TYPE)


def error_response(exc: SymphainyError, instance: str | None = None) -> Response:
    """Render a SymphainyError; server-side failures are logged, never echoed as traces."""
    if exc.status >= 500:
        log.error("%s: %s", type(exc).__name__, exc.detail)
    return problem_response(exc.to_problem(instance), exc.status)


def unexpected_response(instance: str | None = None) -> Response:
    """The 500 problem for a bug: a generic detail, nothing from the exception."""
    return problem_response(SymphainyError().to_problem(instance), 500)


async def on_symphainy_error(request: Request, exc: Exception) -> Response:
    """Exception handler for the SymphainyError tree."""
    assert isinstance(exc, SymphainyError)
    return error_response(exc, request.url.path)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    """Exception handler for request validation: 422 with the offending field paths."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": [str(part) for part in e["loc"]], "msg": _message(e), "type": e["type"]}
        for e in exc.errors()
    ]
    problem = InvalidParameters("the request does not match its schema", errors=errors)
    return error_response(problem, request.url.path)


def _message(error: dict[str, Any]) -> str:
    # A malformed JSON body says what is wrong with it (e.g. "NaN is not a JSON number").
    reason = (error.get("ctx") or {}).get("error")
    if error["type"] == "json_invalid" and isinstance(reason, str):
        return f"{error['msg']}: {reason}"
    return str(error["msg"])


async def on_http_error(request: Request, exc: Exception) -> Response:
    """Exception handler for routing errors (unknown route, wrong method)."""
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "HTTP error"
    cls = _BY_STATUS.get(exc.status_code)
    if cls is not None:
        if exc.status_code == 404:
            detail = f"no route {request.method} {request.url.path}"
        return error_response(cls(detail), request.url.path)
    return _http_problem(request, exc, detail)


def _http_problem(request: Request, exc: HTTPException, detail: str) -> Response:
    # The exception's headers stay (a 405 says what is allowed: `Allow`).
    body: JSONObject = {
        "type": f"{PROBLEM_BASE}http-{exc.status_code}",
        "title": detail,
        "status": exc.status_code,
        "detail": f"{detail}: {request.method} {request.url.path}",
        "instance": request.url.path,
    }
    response = problem_response(body, exc.status_code)
    response.headers.update(exc.headers or {})
    return response


def problem_responses(codes: Iterable[int]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries documenting problem bodies for these status codes."""
    return {code: {"model": Problem, "description": "Problem details"} for code in codes}


def relabel_problem_content(schema: dict[str, Any]) -> None:
    """Publish error bodies under `application/problem+json` (FastAPI writes application/json)."""
    ref = "#/components/schemas/Problem"
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                body = content.get("application/json")
                if (
                    int(code) >= 400
                    and body is not None
                    and body.get("schema", {}).get("$ref") == ref
                ):
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")


def publish_openapi(app: FastAPI) -> None:
    """Serve the app's OpenAPI with error bodies under `application/problem+json`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            relabel_problem_content(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
