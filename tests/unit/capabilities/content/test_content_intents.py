"""The content chain through the runtime: ingest → save → parse → read back, on real files."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.capabilities.content import register
from symphainy.errors import ArtifactNotFound
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime

T, OTHER = "tenant-a", "tenant-b"
CSV = "id,email,amount\n1,a@example.com,10.5\n2,b@example.com,\n3,not-an-email,7\n"


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    registry = IntentRegistry()
    register(registry)
    async with local_runtime(
        registry, database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        yield rt


async def run(rt: Runtime, intent: str, params: dict, tenant: str = T, session=None):
    sub = await rt.submit(SubmitIntent(tenant, intent, params, session_id=session))
    return await rt.wait(tenant, sub.execution_id, timeout=30)


async def ingest(rt: Runtime, data: bytes, name: str, tenant: str = T):
    view = await run(
        rt,
        "ingest_file",
        {"ui_name": name, "filename": name, "file_content_base64": base64.b64encode(data).decode()},
        tenant,
    )
    assert view.status == "completed", view.error
    return view.result


async def test_csv_ingest_save_parse_and_read_back(runtime: Runtime) -> None:
    ingested = await ingest(runtime, CSV.encode(), "people.csv")
    assert ingested["content_type"] == "csv"
    assert ingested["size"] == len(CSV.encode())
    file_art = await runtime.artifacts.resolve(T, ingested["artifact_id"])
    assert file_art.lifecycle_state == "PENDING"

    saved = await run(
        runtime,
        "save_materialization",
        {
            "file_id": ingested["artifact_id"],
            "boundary_contract_id": ingested["boundary_contract_id"],
        },
    )
    assert saved.status == "completed"
    pending = await runtime.pending.get(T, saved.result["pending_intent_id"])
    assert (pending.intent_type, pending.status) == ("parse_content", "pending")
    assert (await runtime.artifacts.resolve(T, ingested["artifact_id"])).lifecycle_state == "READY"

    parsed = await run(runtime, "parse_content", {"file_id": ingested["artifact_id"]})
    assert parsed.status == "completed", parsed.error
    assert parsed.result["record_count"] == 3
    assert parsed.result["tables"][0]["columns"] == ["id", "email", "amount"]
    assert (await runtime.pending.get(T, pending.intent_id)).status == "completed"
    lineage = await runtime.artifacts.lineage(T, parsed.result["parsed_file_id"])
    assert lineage.parents == [ingested["artifact_id"]]
    listed = await runtime.artifacts.list(T, artifact_type="parsed_content")
    assert [a.parent_artifacts for a in listed.artifacts] == [[ingested["artifact_id"]]]

    page = await run(
        runtime,
        "get_parsed_file",
        {"parsed_file_id": parsed.result["parsed_file_id"], "offset": 1, "limit": 5},
    )
    assert page.result["total_rows"] == 3
    assert [r["email"] for r in page.result["rows"]] == ["b@example.com", "not-an-email"]
    assert page.result["rows"][0]["amount"] is None


async def test_parse_before_save_is_refused(runtime: Runtime) -> None:
    ingested = await ingest(runtime, CSV.encode(), "people.csv")
    parsed = await run(runtime, "parse_content", {"file_id": ingested["artifact_id"]})
    assert parsed.status == "failed"
    assert parsed.error.type.endswith("/illegal-transition")


async def test_corrupt_file_fails_typed_and_leaves_nothing_ready(runtime: Runtime) -> None:
    broken = b"PK\x03\x04" + b"\x00" * 64  # a zip header and nothing else: a truncated xlsx
    ingested = await ingest(runtime, broken, "broken.xlsx")
    await run(
        runtime,
        "save_materialization",
        {
            "file_id": ingested["artifact_id"],
            "boundary_contract_id": ingested["boundary_contract_id"],
        },
    )
    parsed = await run(
        runtime, "parse_content", {"file_id": ingested["artifact_id"], "parsing_type": "structured"}
    )
    assert parsed.status == "failed"
    assert parsed.error.type.endswith("/parse-failed")
    page = await runtime.artifacts.list(T, artifact_type="parsed_content")
    assert page.total == 0
    pending = await runtime.pending.list(T, target_artifact_id=ingested["artifact_id"])
    assert [i.status for i in pending.intents] == ["pending"]


async def test_inline_content_must_be_base64(runtime: Runtime) -> None:
    view = await run(runtime, "ingest_file", {"ui_name": "x", "file_content_base64": "@@@"})
    assert view.status == "failed"
    assert view.error.type.endswith("/invalid-request")


async def test_other_tenant_cannot_save_parse_or_delete(runtime: Runtime) -> None:
    ingested = await ingest(runtime, CSV.encode(), "people.csv")
    for intent, params in [
        (
            "save_materialization",
            {
                "file_id": ingested["artifact_id"],
                "boundary_contract_id": ingested["boundary_contract_id"],
            },
        ),
        ("parse_content", {"file_id": ingested["artifact_id"]}),
        ("delete_file", {"file_id": ingested["artifact_id"]}),
    ]:
        view = await run(runtime, intent, params, tenant=OTHER)
        assert view.status == "failed"
        assert view.error.type.endswith("/artifact-not-found")
    with pytest.raises(ArtifactNotFound):
        await runtime.artifacts.resolve(OTHER, ingested["artifact_id"])


async def test_delete_removes_bytes_of_file_and_derivatives(runtime: Runtime) -> None:
    ingested = await ingest(runtime, CSV.encode(), "people.csv")
    await run(
        runtime,
        "save_materialization",
        {
            "file_id": ingested["artifact_id"],
            "boundary_contract_id": ingested["boundary_contract_id"],
        },
    )
    parsed = await run(runtime, "parse_content", {"file_id": ingested["artifact_id"]})
    deleted = await run(runtime, "delete_file", {"file_id": ingested["artifact_id"]})
    assert deleted.result["removed_blobs"] == 2
    for art_id in (ingested["artifact_id"], parsed.result["parsed_file_id"]):
        assert (await runtime.artifacts.resolve(T, art_id)).lifecycle_state == "DELETED"
    kinds = [e.kind for e in await runtime.wal.entries(T, limit=1000)]
    assert "domain.file_deleted" in kinds
