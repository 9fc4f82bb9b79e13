"""Routes of both services: strict JSON bodies, typed path ids, documented problem responses.

Every router of the Runtime API and the Experience service comes from `api_router`, so each
route parses JSON the same strict way (no `NaN`, no `Infinity`, no float overflowing to
infinity: JSON has none of them, and they would be stored as null) and documents the same
problem+json responses. `install_problem_handling` refuses an app with any other route class.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute, APIWebSocketRoute

from symphainy.contracts._storable import ID_PATTERN, INT64_MAX
from symphainy.errors import ConfigurationError
from symphainy.web._problems import AUTH_ERRORS, problem_responses

PathId = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]
"""An id in a URL path: no control characters (a NUL would reach the store), at most 128."""
WalAfter = Annotated[int, Query(ge=0, le=INT64_MAX, description="Entries after this WAL seq")]
"""A WAL position: the stores' sequence numbers are signed 64-bit."""
WalLimit = Annotated[int, Query(ge=1, le=1000, description="At most this many entries")]


def _refuse_constant(name: str) -> Any:
    # Raised as a JSONDecodeError so FastAPI reports it as `json_invalid` (a 422), like any
    # other malformed body.
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise json.JSONDecodeError(f"{text} is too large for a number", text, 0)
    return value


def loads_strict(body: bytes | str) -> Any:
    """Parse a JSON document as RFC 8259 has it: no NaN, no Infinity, no infinite floats."""
    return json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)


class StrictJsonRequest(Request):
    """A request whose JSON body is parsed by `loads_strict`."""

    async def json(self) -> Any:
        """The body as JSON (cached, as Starlette's is)."""
        if not hasattr(self, "_json"):
            self._json = loads_strict(await self.body())
        return self._json


class StrictRoute(APIRoute):
    """An APIRoute whose handler sees a `StrictJsonRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The FastAPI handler, fed a strict request."""
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict


def api_router(errors: Iterable[int] = AUTH_ERRORS, **kwargs: Any) -> APIRouter:
    """A router of strict routes documenting problem+json for `errors` on every route."""
    responses = {**problem_responses(errors), **kwargs.pop("responses", {})}
    return APIRouter(route_class=StrictRoute, responses=responses, **kwargs)


def include_routes(app: FastAPI, router: APIRouter) -> None:
    """Add `router`'s routes to `app` itself, in their order (instead of `include_router`).

    FastAPI 0.137+ includes a router lazily: for every request the app scans each included
    router's routes, and scans the matching router's again to handle it, so a route pays for
    every route before it (half of the Experience service's `/health` under load, py-spy).
    Our routers take no include-time options (`api_router` sets tags, responses and the
    route class as each route is declared), so their routes are complete as they are and the
    app matches them directly. A nested router would carry options of its own: refused.
    """
    nested = [
        type(r).__name__ for r in router.routes if not isinstance(r, APIRoute | APIWebSocketRoute)
    ]
    if nested:
        raise ConfigurationError(f"include_routes takes routes only, not {', '.join(nested)}")
    app.router.routes.extend(router.routes)


def check_routes(app: FastAPI) -> None:
    """Fail loud (at boot) if a route escaped `api_router`: it would parse JSON leniently."""
    loose = [
        r.path for r in app.routes if isinstance(r, APIRoute) and not isinstance(r, StrictRoute)
    ]
    if loose:
        raise ConfigurationError(f"routes not built by api_router: {', '.join(loose)}")
