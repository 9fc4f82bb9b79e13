"""The handler facets of ExecutionContext, through a real runtime on both stores.

`ctx.artifacts.put_json/read_json` (one JSON-artifact helper for every capability),
`ctx.artifacts.read_table` (a parsed table as a polars frame, tenant-scoped), and the
facets an intent gets only when it declares them (`ctx.identity`, `ctx.metrics`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from symphainy.capabilities.content import register as register_content
from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import OTHER, T, ok, parsed, run

CSV = b"id,city,amount\n1,Boston,10.5\n2,Denver,3\n3,Austin,7\n"


class JsonIn(BaseModel):
    content: dict[str, Any]
    parents: list[str] = []


class ArtifactId(BaseModel):
    artifact_id: str


class TableIn(BaseModel):
    parsed_file_id: str
    table: str | None = None
    max_rows: int | None = None


class Anything(BaseModel):
    value: Any = None


class Empty(BaseModel):
    pass


def _facet_intents(reg: IntentRegistry) -> None:
    @reg.intent("put_json", params=JsonIn, result=ArtifactId, realm="test")
    async def put_json(ctx: ExecutionContext, p: JsonIn) -> ArtifactId:
        art = await ctx.artifacts.put_json(
            "report", p.content, parents=p.parents, descriptor={"k": "v"}
        )
        return ArtifactId(artifact_id=art.artifact_id)

    @reg.intent("read_json", params=ArtifactId, result=Anything, realm="test")
    async def read_json(ctx: ExecutionContext, p: ArtifactId) -> Anything:
        return Anything(value=await ctx.artifacts.read_json(p.artifact_id))

    @reg.intent("read_table", params=TableIn, result=Anything, realm="test")
    async def read_table(ctx: ExecutionContext, p: TableIn) -> Anything:
        frame = await ctx.artifacts.read_table(p.parsed_file_id, p.table, max_rows=p.max_rows)
        return Anything(value={"columns": frame.columns, "rows": frame.to_dicts()})

    @reg.intent("peek_identity", params=Empty, result=Anything, realm="test")
    async def peek_identity(ctx: ExecutionContext, p: Empty) -> Anything:
        return Anything(value=ctx.identity.roles)

    @reg.intent(
        "declared_identity",
        params=Empty,
        result=Anything,
        realm="test",
        obligations=("identity.read",),
    )
    async def declared_identity(ctx: ExecutionContext, p: Empty) -> Anything:
        return Anything(value=list(ctx.identity.roles))

    @reg.intent("has_services", params=Empty, result=Anything, realm="test")
    async def has_services(ctx: ExecutionContext, p: Empty) -> Anything:
        return Anything(value=hasattr(ctx, "services"))


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    registry = IntentRegistry()
    register_content(registry)
    _facet_intents(registry)
    async with local_runtime(
        registry, database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as runtime:
        yield runtime


async def parsed_csv(rt: Runtime) -> str:
    return str((await parsed(rt, CSV, "c.csv"))["parsed_file_id"])


async def test_put_json_registers_a_ready_artifact_that_read_json_returns(rt: Runtime) -> None:
    content = {"name": "Zoë", "values": [1, 2.5, None, True], "nested": {"a": "b"}}
    made = await ok(rt, "put_json", {"content": content})

    art = await rt.artifacts.resolve(T, made["artifact_id"])
    assert (art.artifact_type, art.lifecycle_state) == ("report", "READY")
    assert art.semantic_descriptor == {"k": "v"}
    assert [m.format for m in art.materializations] == ["json"]
    assert (await ok(rt, "read_json", made))["value"] == content


async def test_read_json_is_tenant_scoped(rt: Runtime) -> None:
    made = await ok(rt, "put_json", {"content": {"secret": 1}})
    view = await run(rt, "read_json", made, tenant=OTHER)
    assert view.status == "failed"
    assert view.error.type.endswith("/artifact-not-found")


async def test_read_table_returns_the_parsed_rows(rt: Runtime) -> None:
    parsed_id = await parsed_csv(rt)
    table = (await ok(rt, "read_table", {"parsed_file_id": parsed_id}))["value"]
    assert table["columns"] == ["id", "city", "amount"]
    assert [r["city"] for r in table["rows"]] == ["Boston", "Denver", "Austin"]

    head = (await ok(rt, "read_table", {"parsed_file_id": parsed_id, "max_rows": 2}))["value"]
    assert len(head["rows"]) == 2


async def test_read_table_names_the_tables_when_one_is_missing(rt: Runtime) -> None:
    parsed_id = await parsed_csv(rt)
    view = await run(rt, "read_table", {"parsed_file_id": parsed_id, "table": "nope"})
    assert view.status == "failed"
    assert view.error.type.endswith("/not-found")
    assert "nope" in view.error.detail


async def test_another_tenants_parsed_file_is_not_readable(rt: Runtime) -> None:
    parsed_id = await parsed_csv(rt)
    view = await run(rt, "read_table", {"parsed_file_id": parsed_id}, tenant=OTHER)
    assert view.status == "failed"
    assert view.error.type.endswith("/artifact-not-found")


async def test_read_table_refuses_an_artifact_that_is_not_parsed_content(rt: Runtime) -> None:
    made = await ok(rt, "put_json", {"content": {}})
    view = await run(rt, "read_table", {"parsed_file_id": made["artifact_id"]})
    assert view.status == "failed"
    assert "parsed_content" in view.error.detail


async def test_identity_is_only_for_intents_that_declare_it(rt: Runtime) -> None:
    refused = await run(rt, "peek_identity", {})
    assert refused.status == "failed"
    assert "identity.read" in refused.error.detail
    assert (await ok(rt, "declared_identity", {}))["value"] == ["viewer", "member", "admin"]


async def test_handlers_cannot_reach_the_service_locator(rt: Runtime) -> None:
    assert "services" not in {f.name for f in dataclasses.fields(ExecutionContext)}
    assert (await ok(rt, "has_services", {}))["value"] is False
