"""`include_routes`: a router's routes become the app's own, matched directly and checked."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from symphainy.errors import ConfigurationError
from symphainy.web import api_router, include_routes, install_problem_handling


def _router(name: str) -> APIRouter:
    router = api_router(tags=[name])

    @router.get(f"/{name}")
    async def answer() -> dict[str, str]:
        return {"router": name}

    @router.post("/shared", operation_id=f"shared_{name}")
    async def shared() -> dict[str, str]:
        return {"router": name}

    return router


async def test_routes_are_the_apps_own_in_order_and_answer() -> None:
    app = FastAPI()
    include_routes(app, _router("first"))
    include_routes(app, _router("second"))
    install_problem_handling(app, 1024)
    paths = [r.path for r in app.routes if isinstance(r, APIRoute)]
    assert paths == ["/first", "/shared", "/second", "/shared"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        assert (await http.get("/second")).json() == {"router": "second"}
        assert (await http.post("/shared")).json() == {"router": "first"}  # the first wins
        wrong_method = await http.delete("/first")
        assert wrong_method.status_code == 405
        assert wrong_method.headers["allow"] == "GET"
        assert (await http.get("/nowhere")).status_code == 404
    assert app.openapi()["paths"]["/second"]["get"]["tags"] == ["second"]


def test_a_nested_router_is_refused() -> None:
    outer = api_router()
    outer.include_router(_router("inner"))
    with pytest.raises(ConfigurationError, match="_IncludedRouter"):
        include_routes(FastAPI(), outer)


def test_a_route_not_built_by_api_router_is_refused_at_boot() -> None:
    loose = APIRouter()

    @loose.get("/loose")
    async def answer() -> dict[str, str]:
        return {}

    app = FastAPI()
    include_routes(app, loose)
    with pytest.raises(ConfigurationError, match="/loose"):
        install_problem_handling(app, 1024)
