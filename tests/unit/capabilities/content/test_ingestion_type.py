"""ingestion_type means something: `edi` demands X12 and parses as EDI; `upload`/`api` say
where the bytes came from and must agree with it."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.capabilities.content import register
from symphainy.errors import NotFound
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import T, ok, run

PO_850 = (
    "~\n".join(
        [
            "ISA*00*          *00*          *ZZ*BUYERID        *ZZ*SELLERID       "
            "*240115*1030*^*00501*000000905*0*T*>",
            "GS*PO*BUYERID*SELLERID*20240115*1030*905*X*005010",
            "ST*850*0001",
            "BEG*00*SA*PO-4711**20240115",
            "PO1*1*10*EA*9.5**VP*WIDGET-A",
            "CTT*1",
            "SE*5*0001",
            "GE*1*905",
            "IEA*1*000000905",
        ]
    ).encode()
    + b"~\n"
)
CSV = b"id,name,amount\n1,alpha,10.5\n2,beta,7\n3,gamma,1\n"


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    registry = IntentRegistry()
    register(registry)
    async with local_runtime(
        registry, database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        yield rt


def inline(data: bytes, **extra: Any) -> dict[str, Any]:
    return {"ui_name": "f", "file_content_base64": base64.b64encode(data).decode(), **extra}


async def staged(rt: Runtime, data: bytes, **extra: Any) -> dict[str, Any]:
    info = await rt.artifacts.blobs.put_bytes(T, data)
    return {"ui_name": "f", "upload_uri": info.uri, **extra}


def stored_blobs(rt: Runtime) -> list[Path]:
    root = rt.settings.resolved_blob_dir  # the LocalBlobStore's root (behind quota metering)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def save(rt: Runtime, ingested: dict[str, Any]) -> dict[str, Any]:
    params = {
        "file_id": ingested["artifact_id"],
        "boundary_contract_id": ingested["boundary_contract_id"],
    }
    saved: dict[str, Any] = await ok(rt, "save_materialization", params)
    return saved


async def test_edi_ingestion_of_x12_parses_as_edi_by_default(runtime: Runtime) -> None:
    ingested = await ok(runtime, "ingest_file", inline(PO_850, ingestion_type="edi"))
    assert (ingested["content_type"], ingested["ingestion_type"]) == ("x12", "edi")
    assert ingested["received_via"] == "inline"
    saved = await save(runtime, ingested)
    pending = await runtime.pending.get(T, saved["pending_intent_id"])
    assert pending.context["parsing_type"] == "edi"

    parsed = await ok(runtime, "parse_content", {"file_id": ingested["artifact_id"]})
    assert (parsed["parser"], parsed["parsing_type"]) == ("x12", "edi")
    # Once the deferred parse is done, a re-parse still defaults to EDI (from the file).
    again = await ok(runtime, "parse_content", {"file_id": ingested["artifact_id"]})
    assert again["parsing_type"] == "edi"


@pytest.mark.parametrize("via", ["inline", "staged"])
async def test_edi_ingestion_of_non_x12_is_refused_and_leaves_nothing(
    runtime: Runtime, via: str
) -> None:
    params = inline(CSV, ingestion_type="edi")
    if via == "staged":
        params = await staged(runtime, CSV, ingestion_type="edi")
    view = await run(runtime, "ingest_file", params)

    assert view.status == "failed"
    assert view.error.type.endswith("/content-type-mismatch")
    assert view.error.status == 415
    extra = view.error.model_dump()
    assert (extra["expected"], extra["sniffed"]) == ("x12", "csv")
    assert (await runtime.artifacts.list(T)).total == 0
    assert stored_blobs(runtime) == []
    if via == "staged":
        with pytest.raises(NotFound):
            await runtime.artifacts.blobs.info(T, params["upload_uri"])


async def test_edi_from_a_staged_upload_records_its_source(runtime: Runtime) -> None:
    ingested = await ok(runtime, "ingest_file", await staged(runtime, PO_850, ingestion_type="edi"))
    assert (ingested["ingestion_type"], ingested["received_via"]) == ("edi", "staged_upload")


async def test_ingestion_type_follows_where_the_bytes_came_from(runtime: Runtime) -> None:
    api = await ok(runtime, "ingest_file", inline(CSV))
    upload = await ok(runtime, "ingest_file", await staged(runtime, CSV))

    assert (api["ingestion_type"], api["received_via"]) == ("api", "inline")
    assert (upload["ingestion_type"], upload["received_via"]) == ("upload", "staged_upload")
    for result in (api, upload):
        art = await runtime.artifacts.resolve(T, result["artifact_id"])
        descriptor = art.semantic_descriptor
        assert descriptor["ingestion_type"] == result["ingestion_type"]
        assert descriptor["received_via"] == result["received_via"]
    # A CSV ingested as an upload or through the API is still parsed automatically.
    await save(runtime, api)
    parsed = await ok(runtime, "parse_content", {"file_id": api["artifact_id"]})
    assert (parsed["parser"], parsed["record_count"]) == ("csv", 3)


async def test_declared_ingestion_type_must_match_the_byte_source(runtime: Runtime) -> None:
    as_upload = await run(runtime, "ingest_file", inline(CSV, ingestion_type="upload"))
    as_api = await run(runtime, "ingest_file", await staged(runtime, CSV, ingestion_type="api"))

    for view, field in ((as_upload, "upload_uri"), (as_api, "file_content_base64")):
        assert view.status == "failed"
        assert view.error.type.endswith("/invalid-request")
        assert field in view.error.detail
    assert (await runtime.artifacts.list(T)).total == 0
