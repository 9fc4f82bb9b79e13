"""Embeddings and search through the runtime, on files the content chain parsed for real."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from symphainy.capabilities.content import register
from symphainy.capabilities.content._minilm import ENCODERS, SentenceEncoder
from symphainy.errors import InvalidParameters
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._chain import (
    HANDBOOK,
    OTHER,
    T,
    customers_csv,
    deterministic,
    ok,
    parsed,
    run,
    search,
    semantic,
)


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    """The process's encoder, loaded once for the whole session."""
    return ENCODERS.get()


async def _runtime(url: str, home: Path) -> AsyncIterator[Runtime]:
    registry = IntentRegistry()
    register(registry)
    async with local_runtime(registry, database_url=url, home=home, poll_seconds=0.05) as rt:
        yield rt


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async for rt in _runtime(database_url, tmp_path):
        yield rt


@pytest.fixture
async def sqlite_rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async for rt in _runtime(f"sqlite:///{tmp_path}/symphainy.db", tmp_path):
        yield rt


def _columns(det_result: dict[str, Any]) -> dict[str, Any]:
    return {c["name"]: c for c in det_result["tables"][0]["columns"]}


async def test_chain_profiles_embeds_and_searches(runtime: Runtime, encoder) -> None:
    table = await parsed(runtime, customers_csv(), "customers.csv")
    det = await deterministic(runtime, table["parsed_file_id"])
    cols = _columns(det)
    assert cols["customer_email"]["formats"]["email"] == pytest.approx(19 / 20)
    assert cols["customer_email"]["primary_format"] == "email"
    assert cols["balance"]["nulls"] == 3
    assert cols["signup_date"]["nulls"] == 2
    assert cols["city"]["distinct"] == 4
    assert cols["account_uuid"]["primary_format"] == "uuid"
    assert cols["phone"]["primary_format"] == "phone"
    art = await runtime.artifacts.resolve(T, det["deterministic_embedding_id"])
    assert (art.artifact_type, art.lifecycle_state) == ("deterministic_embeddings", "READY")
    assert art.parent_artifacts == [table["parsed_file_id"]]

    emb = await semantic(runtime, table["parsed_file_id"], det["deterministic_embedding_id"])
    assert (emb["dimension"], emb["model"]) == (384, "sentence-transformers/all-MiniLM-L6-v2")
    assert emb["kinds"] == {"column_metadata": 8, "column_values": 8}
    emb_art = await runtime.artifacts.resolve(T, emb["embedding_id"])
    assert set(emb_art.parent_artifacts) == {
        det["deterministic_embedding_id"],
        table["parsed_file_id"],
    }
    vectors = pl.read_parquet(
        runtime.artifacts.blobs.local_path(T, emb_art.materializations[0].uri)
    )["vector"].to_numpy()
    assert vectors.shape == (16, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    found = await search(runtime, "boston")
    assert {(h["column"], h["snippet"]) for h in found["hits"]} == {("city", "Boston")}
    assert sorted(h["row"] for h in found["hits"]) == [3, 7, 11, 15, 19]
    assert found["text_hit_counts"] == [
        {
            "artifact_id": table["parsed_file_id"],
            "table": table["tables"][0]["name"],
            "column": "city",
            "hits": 5,
        }
    ]
    meaning = await search(runtime, "e-mail address of the customer", mode="semantic", limit=3)
    assert meaning["hits"][0]["column"] == "customer_email"
    assert meaning["hits"][0]["artifact_id"] == emb["embedding_id"]
    phone = await search(runtime, "customer phone number", mode="semantic", limit=1)
    assert (phone["hits"][0]["kind"], phone["hits"][0]["column"]) == ("column_metadata", "phone")


async def test_fingerprint_is_reproducible_and_tracks_the_schema(sqlite_rt: Runtime) -> None:
    first = await parsed(sqlite_rt, customers_csv(), "a.csv")
    again = await parsed(sqlite_rt, customers_csv(), "b.csv")
    upper = await parsed(
        sqlite_rt,
        customers_csv("ID, Customer_Email ,Phone,Account_UUID,Signup_Date,Balance,City,Notes"),
        "c.csv",
    )
    renamed = await parsed(
        sqlite_rt,
        customers_csv("id,email_address,phone,account_uuid,signup_date,balance,city,notes"),
        "d.csv",
    )
    dets = [
        await deterministic(sqlite_rt, p["parsed_file_id"]) for p in (first, again, upper, renamed)
    ]
    arts = [await sqlite_rt.artifacts.resolve(T, d["deterministic_embedding_id"]) for d in dets]
    assert dets[0]["schema_fingerprint"] == dets[1]["schema_fingerprint"]
    tables = [a.semantic_descriptor["tables"][0] for a in arts]
    assert {**tables[0], "name": ""} == {**tables[1], "name": ""}
    assert dets[2]["schema_fingerprint"] == dets[0]["schema_fingerprint"]  # case and spaces
    assert dets[3]["schema_fingerprint"] != dets[0]["schema_fingerprint"]
    rerun = await deterministic(sqlite_rt, first["parsed_file_id"])
    assert rerun["tables"] == dets[0]["tables"]


async def test_options_shape_the_signature(sqlite_rt: Runtime) -> None:
    table = await parsed(sqlite_rt, customers_csv(), "customers.csv")
    det = await deterministic(
        sqlite_rt, table["parsed_file_id"], sample_values=3, format_threshold=0.99
    )
    art = await sqlite_rt.artifacts.resolve(T, det["deterministic_embedding_id"])
    email = art.semantic_descriptor["tables"][0]["columns"][1]
    assert email["sample_values"] == [
        "user1@example.com",
        "user2@example.com",
        "carol.at.example.com",
    ]
    assert email["primary_format"] is None  # 95% < 99%
    with pytest.raises(InvalidParameters):
        await run(
            sqlite_rt,
            "create_deterministic_embeddings",
            {"parsed_file_id": table["parsed_file_id"], "embedding_options": {"sample_values": 11}},
        )


async def test_document_chunks_rank_related_text_first(sqlite_rt: Runtime, encoder) -> None:
    doc = await parsed(sqlite_rt, HANDBOOK.encode(), "handbook.md")
    det = await deterministic(sqlite_rt, doc["parsed_file_id"])
    assert det["document"]["sections"] == 3
    assert det["tables"] == []
    emb = await semantic(sqlite_rt, doc["parsed_file_id"], det["deterministic_embedding_id"])
    assert emb["kinds"] == {"text_chunk": 4}  # the 288-word section makes two chunks

    hits = (
        await search(
            sqlite_rt, "how do I submit an insurance claim for my car?", mode="semantic", limit=4
        )
    )["hits"]
    assert hits[0]["section"] == "Filing a claim"
    assert all(h["kind"] == "text_chunk" for h in hits)
    claim = next(h for h in hits if h["section"] == "Filing a claim")["score"]
    cake = (
        await search(sqlite_rt, "chocolate cake recipe with buttercream", mode="semantic", limit=1)
    )["hits"][0]["score"]
    assert claim > cake + 0.3

    text = await search(sqlite_rt, "LATE PAYMENT")
    assert [(h["kind"], h["section"]) for h in text["hits"]] == [("chunk", "Payment schedule")]
    assert "late payment" in text["hits"][0]["snippet"]


async def test_both_modes_fuse_text_and_semantic_hits(sqlite_rt: Runtime, encoder) -> None:
    table = await parsed(sqlite_rt, customers_csv(), "customers.csv")
    det = await deterministic(sqlite_rt, table["parsed_file_id"])
    await semantic(sqlite_rt, table["parsed_file_id"], det["deterministic_embedding_id"])
    both = await search(sqlite_rt, "late payment", mode="both", limit=4)
    assert {h["match"] for h in both["hits"]} == {"text", "semantic"}
    assert both["hits"][0]["match"] == "text"
    assert both["hits"][0]["row"] == 6
    assert both["searched"] == {"parsed_content": 1, "embeddings": 1}


async def test_search_never_crosses_tenants(runtime: Runtime, encoder) -> None:
    mine = await parsed(runtime, customers_csv(), "mine.csv")
    theirs = await parsed(runtime, customers_csv(), "theirs.csv", tenant=OTHER)
    for tenant, p in ((T, mine), (OTHER, theirs)):
        det = await deterministic(runtime, p["parsed_file_id"], tenant=tenant)
        await semantic(runtime, p["parsed_file_id"], det["deterministic_embedding_id"], tenant)
    for tenant, own in ((T, mine), (OTHER, theirs)):
        for mode in ("text", "semantic", "both"):
            result = await search(runtime, "Boston", mode=mode, tenant=tenant)
            assert result["hits"]
            assert {h["parsed_file_id"] for h in result["hits"]} == {own["parsed_file_id"]}
            assert result["searched"]["parsed_content"] == (0 if mode == "semantic" else 1)


async def test_other_tenant_cannot_embed_my_parsed_file(sqlite_rt: Runtime) -> None:
    table = await parsed(sqlite_rt, customers_csv(), "customers.csv")
    det = await deterministic(sqlite_rt, table["parsed_file_id"])
    for intent, params in [
        ("create_deterministic_embeddings", {"parsed_file_id": table["parsed_file_id"]}),
        (
            "extract_embeddings",
            {
                "parsed_file_id": table["parsed_file_id"],
                "deterministic_embedding_id": det["deterministic_embedding_id"],
            },
        ),
    ]:
        view = await run(sqlite_rt, intent, params, tenant=OTHER)
        assert view.status == "failed"
        assert view.error.type.endswith("/artifact-not-found")


async def test_mismatched_deterministic_embedding_is_refused(sqlite_rt: Runtime) -> None:
    one = await parsed(sqlite_rt, customers_csv(), "one.csv")
    two = await parsed(sqlite_rt, HANDBOOK.encode(), "two.md")
    det = await deterministic(sqlite_rt, two["parsed_file_id"])
    view = await run(
        sqlite_rt,
        "extract_embeddings",
        {
            "parsed_file_id": one["parsed_file_id"],
            "deterministic_embedding_id": det["deterministic_embedding_id"],
        },
    )
    assert view.status == "failed"
    assert view.error.type.endswith("/invalid-request")


async def test_deleted_files_drop_out_of_search(sqlite_rt: Runtime) -> None:
    table = await parsed(sqlite_rt, customers_csv(), "customers.csv")
    assert (await search(sqlite_rt, "boston"))["hits"]
    file_id = (await sqlite_rt.artifacts.lineage(T, table["parsed_file_id"])).parents[0]
    await ok(sqlite_rt, "delete_file", {"file_id": file_id})
    result = await search(sqlite_rt, "boston")
    assert result["hits"] == []
    assert result["searched"]["parsed_content"] == 0
