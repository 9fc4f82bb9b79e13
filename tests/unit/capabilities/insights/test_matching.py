"""match_source_to_target between a legacy CSV export and a new system's JSON table."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.content._chain import deterministic, semantic
from tests.unit.capabilities.insights._chain import T, ok, run, runtime_for, table_id
from tests.unit.capabilities.insights._data import legacy_customers_csv, target_customers_json


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as runtime:
        yield runtime


async def test_maps_legacy_columns_onto_the_new_schema(rt: Runtime) -> None:
    source = await table_id(rt, legacy_customers_csv(), "legacy.csv")
    target = await table_id(rt, target_customers_json(), "customers.json")
    det = await deterministic(rt, target)
    emb = await semantic(rt, target, det["deterministic_embedding_id"])
    params = {
        "source_parsed_file_id": source,
        "target_parsed_file_id": target,
        "target_deterministic_embedding_id": det["deterministic_embedding_id"],
    }
    result = await ok(rt, "match_source_to_target", params)
    pairs = {m["source_column"]: m["target_column"] for m in result["mappings"]}
    assert pairs == {
        "cust_id": "customer_id",
        "e_mail": "email",
        "phone_no": "telephone",
        "full_name": "name",
        "signup": "created_at",
    }
    assert result["unmatched_source"] == ["notes"]
    assert result["unmatched_target"] == ["loyalty_tier"]
    assert result["coverage"] == pytest.approx(5 / 6)
    by_source = {m["source_column"]: m for m in result["mappings"]}
    assert by_source["e_mail"]["evidence"]["values"] == 1.0
    assert by_source["e_mail"]["evidence"]["pattern"] == 1.0
    assert by_source["phone_no"]["evidence"]["values"] == 0.0  # same numbers, another layout
    assert by_source["cust_id"]["evidence"]["values"] == 1.0
    assert all(0.5 <= m["confidence"] <= 1.0 for m in result["mappings"])
    assert result["semantic"]["embedding_ids"] == [emb["embedding_id"]]
    assert result["semantic"]["computed_vectors"] == 6  # the source side's columns
    report = await rt.artifacts.resolve(T, result["report_id"])
    assert report.artifact_type == "schema_mapping"
    assert set(report.parent_artifacts) == {
        source,
        target,
        det["deterministic_embedding_id"],
        emb["embedding_id"],
    }


async def test_a_high_bar_leaves_columns_unmatched(rt: Runtime) -> None:
    source = await table_id(rt, legacy_customers_csv(), "legacy.csv")
    target = await table_id(rt, target_customers_json(), "customers.json")
    params = {"source_parsed_file_id": source, "target_parsed_file_id": target}
    strict = await ok(rt, "match_source_to_target", {**params, "min_confidence": 0.99})
    assert strict["mappings"] == []
    assert len(strict["unmatched_target"]) == 6
    wrong = await run(rt, "match_source_to_target", {**params, "source_embedding_id": "0" * 32})
    assert wrong.error is not None
    assert wrong.error.type.endswith("artifact-not-found")
