"""The operations table is the truth about both services' routes (issue #15, item 2)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel

from symphainy.contracts import WalPage
from symphainy.contracts._experience import ExperienceSDK
from symphainy.contracts._routes import OPERATIONS
from symphainy.runtime.api import create_runtime_app
from tests.integration.gateway.platform import platform

CONTROL_TOWER = "/api/control-tower/"


def _mounted(app: FastAPI) -> set[tuple[str, str]]:
    paths = app.openapi()["paths"]
    return {(method.upper(), path) for path, item in paths.items() for method in item}


def _declared(service: str) -> set[tuple[str, str]]:
    return {
        (op.method, op.path)
        for name, op in OPERATIONS.items()
        if op.served_by in ("both", service) and name != "execution_websocket"  # not in OpenAPI
    }


async def test_both_services_mount_exactly_the_table(tmp_path: Path) -> None:
    async with platform(f"sqlite:///{tmp_path}/t.db", tmp_path) as p:
        runtime = _mounted(create_runtime_app(p.runtime, p.boot.settings))
        assert runtime == _declared("runtime")
        experience = {
            (m, path) for m, path in _mounted(p.app) if not path.startswith(CONTROL_TOWER)
        }
        assert experience == _declared("experience")
        assert _mounted(p.remote_app) == _mounted(p.app)


def test_shared_operations_agree_on_path_and_answer() -> None:
    paths: dict[tuple[str, str], str] = {}
    for name, op in OPERATIONS.items():
        key = (op.method, op.path)
        other = paths.setdefault(key, name)
        # One method and path is one operation, unless each service serves it alone.
        if other != name:
            assert {op.served_by, OPERATIONS[other].served_by} == {"runtime", "experience"}


async def test_wal_page_has_one_shape_on_both_services(tmp_path: Path) -> None:
    async with platform(f"sqlite:///{tmp_path}/t.db", tmp_path) as p:
        for sdk in (p.http(), p.remote_http()):
            async with sdk:
                await sdk.register(f"w{id(sdk)}@example.com", "correct horse 1", "W")
                await sdk.create_session()
                response = await sdk._http.get(
                    "/api/wal", headers={"Authorization": f"Bearer {sdk.token}"}
                )
                page = WalPage.model_validate_json(response.content)  # the Runtime API's shape
                assert page.entries == await sdk.wal_entries()


def test_every_generated_operation_fits_its_method() -> None:
    # A generated route passes every path id, query and body field to the method by name: a
    # field the method does not take would be a 500 (JourneyRequest.idempotency_key was).
    for name, op in OPERATIONS.items():
        if op.call is None or not op.generated:
            continue
        params = inspect.signature(getattr(ExperienceSDK, op.call)).parameters
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
            continue
        models = [m for m in (op.query, op.request) if m is not None]
        fields = [*op.path_ids, *(f for m in models for f in m.model_fields)]
        assert {op.argument(f) for f in fields} <= set(params), name


def test_query_string_fields_take_text() -> None:
    # A query string's values arrive as text: a field that refuses numeric strings (JsonInt,
    # for JSON bodies) would refuse every value sent over HTTP (it did: list_schedules?limit=5).
    from symphainy.contracts._storable import _json_integer

    strict = [
        f"{name}.{field}"
        for name, op in OPERATIONS.items()
        if op.query is not None
        for field, info in op.query.model_fields.items()
        if any(getattr(m, "func", None) is _json_integer for m in info.metadata)
    ]
    assert strict == []


def _keys(schema: object) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            yield from _keys(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _keys(value)


def test_published_bounds_are_json_schema_keywords() -> None:
    """A bound published as pydantic's `ge`/`le` (behind a validator) is ignored by clients and
    fuzzers, which then send values the server refuses: every bound must read `minimum` etc."""
    leaked = {
        name: sorted(set(_keys(model.model_json_schema())) & {"ge", "gt", "le", "lt"})
        for name, op in OPERATIONS.items()
        for model in (op.request, op.query)
        if isinstance(model, type) and issubclass(model, BaseModel)
    }
    assert {name: keys for name, keys in leaked.items() if keys} == {}
