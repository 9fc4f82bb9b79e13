"""Request dependencies: the runtime, the verified caller, and strict query strings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from symphainy.config import Settings
from symphainy.contracts import RUNTIME_ROUTES
from symphainy.errors import AuthenticationRequired, InvalidParameters
from symphainy.runtime import CallerFacade, Runtime
from symphainy.security import Principal, verify_service_token
from symphainy.web._problems import AUTH_ERRORS, problem_responses

F = TypeVar("F", bound=Callable[..., Any])

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ServiceToken",
    description="A signed service token (`sst1.…`); the tenant comes only from it.",
)


async def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _secret(request: Request) -> bytes:
    secret: bytes = request.app.state.service_secret
    return secret


async def _caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise AuthenticationRequired("send `Authorization: Bearer <service token>`")
    principal = verify_service_token(request.app.state.service_secret, credentials.credentials)
    _reject_unknown_query(request)
    return principal


async def _facade(request: Request, caller: Annotated[Principal, Depends(_caller)]) -> CallerFacade:
    runtime: Runtime = request.app.state.runtime
    return runtime.for_caller(caller)


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
Facade = Annotated[CallerFacade, Depends(_facade)]
"""The runtime as the service token's principal may use it (every policy check inside)."""
SettingsDep = Annotated[Settings, Depends(_settings)]
ServiceSecret = Annotated[bytes, Depends(_secret)]
Caller = Annotated[Principal, Depends(_caller)]


def _reject_unknown_query(request: Request) -> None:
    # Unknown query parameters are refused like unknown body fields (no `?tenant_id=` smuggling).
    unknown = sorted(set(request.query_params) - _declared_query(request.scope.get("route")))
    if unknown:
        errors = [
            {"loc": ["query", k], "msg": "unknown parameter", "type": "extra_forbidden"}
            for k in unknown
        ]
        raise InvalidParameters("the request does not match its schema", errors=errors)


def _declared_query(route: object) -> frozenset[str]:
    if not isinstance(route, APIRoute):
        return frozenset()
    names: frozenset[str] | None = getattr(route, "symphainy_query", None)
    if names is None:
        names = frozenset(_query_names(route.dependant))
        route.symphainy_query = names  # type: ignore[attr-defined]
    return names


def _query_names(dependant: Dependant) -> list[str]:
    names: list[str] = []
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):  # a query-string model
            names.extend(f.alias or name for name, f in model.model_fields.items())
        else:
            names.append(param.alias)
    for sub in dependant.dependencies:
        names.extend(_query_names(sub))
    return names


def operation(
    router: APIRouter,
    operation_id: str,
    *,
    status_code: int = 200,
    errors: Sequence[int] = AUTH_ERRORS,
    **extra: Any,
) -> Callable[[F], F]:
    """Mount a handler under its RUNTIME_ROUTES entry: the one table the client also reads."""
    route = RUNTIME_ROUTES[operation_id]
    responses = {**problem_responses(errors), **extra.pop("responses", {})}
    return router.api_route(
        route.path,
        methods=[route.method],
        operation_id=operation_id,
        response_model=route.response,
        status_code=status_code,
        responses=responses,
        **extra,
    )


def reply(value: BaseModel | Sequence[BaseModel], status_code: int = 200) -> Response:
    """Serialise a wire model (or a list of them) straight to a JSON response."""
    if isinstance(value, BaseModel):
        body = value.model_dump_json()
    else:
        body = "[" + ",".join(item.model_dump_json() for item in value) + "]"
    return Response(body, status_code, media_type="application/json")
