"""map_relationships across tables the content chain parsed from generated CSV and JSON files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.content._chain import OTHER, deterministic, semantic
from tests.unit.capabilities.insights._chain import T, ok, runtime_for, table_id
from tests.unit.capabilities.insights._data import crm_customers_csv, crm_orders_json, sales_csv


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as runtime:
        yield runtime


async def test_finds_the_foreign_key_between_two_generated_tables(rt: Runtime) -> None:
    customers = await table_id(rt, crm_customers_csv(), "customers.csv")
    orders = await table_id(rt, crm_orders_json(), "orders.json")
    await table_id(rt, sales_csv(), "sales.csv")  # a third, unrelated table
    await table_id(rt, crm_customers_csv(), "customers.csv", OTHER)  # another tenant's: unseen
    det = await deterministic(rt, customers)
    emb = await semantic(rt, customers, det["deterministic_embedding_id"])
    result = await ok(rt, "map_relationships", {})
    assert len(result["parsed_file_ids"]) == 3
    (fk,) = result["relationships"]
    assert (fk["from"]["label"], fk["from"]["column"]) == ("orders", "customer_id")
    assert (fk["to"]["label"], fk["to"]["column"], fk["to"]["parsed_file_id"]) == (
        "customers",
        "id",
        customers,
    )
    assert fk["from"]["parsed_file_id"] == orders
    assert (fk["kind"], fk["cardinality"]) == ("foreign_key", "many-to-one")
    assert fk["containment"] == pytest.approx(20 / 21)
    assert (fk["orphan_values"], fk["orphan_examples"]) == (1, ["99"])
    assert fk["name_score"] == 1.0
    assert 0.0 < fk["semantic_score"] <= 1.0
    assert fk["confidence"] == pytest.approx(
        0.55 * 20 / 21 + 0.3 + 0.15 * fk["semantic_score"], abs=1e-6
    )
    keys = {e["label"]: e["candidate_keys"] for e in result["entities"]}
    assert keys["customers"] == ["id", "name", "email"]
    assert keys["orders"] == ["order_id"]
    assert result["semantic"]["embedding_ids"] == [emb["embedding_id"]]
    assert result["semantic"]["computed_vectors"] == 4 + 7  # orders and sales columns
    report = await rt.artifacts.resolve(T, result["report_id"])
    assert report.artifact_type == "relationship_graph"
    assert set(report.parent_artifacts) == {*result["parsed_file_ids"], emb["embedding_id"]}
    _, chunks = await rt.artifacts.open_content(T, result["charts"][0]["artifact_id"], "svg")
    svg = b"".join([c async for c in chunks]).decode()
    assert "customer_id → id" in svg
    assert ElementTree.fromstring(svg).tag.endswith("svg")


async def test_focus_and_explicit_file_lists(rt: Runtime) -> None:
    customers = await table_id(rt, crm_customers_csv(), "customers.csv")
    orders = await table_id(rt, crm_orders_json(), "orders.json")
    sales = await table_id(rt, sales_csv(), "sales.csv")
    focused = await ok(rt, "map_relationships", {"parsed_file_id": sales})
    assert focused["relationships"] == []
    pair = await ok(rt, "map_relationships", {"parsed_file_ids": [orders, customers]})
    assert sorted(pair["parsed_file_ids"]) == sorted([orders, customers])
    assert len(pair["relationships"]) == 1
    strict = await ok(
        rt, "map_relationships", {"parsed_file_ids": [orders, customers], "min_overlap": 0.99}
    )
    assert strict["relationships"] == []


async def test_two_copies_of_a_table_are_the_same_entity_not_a_foreign_key(rt: Runtime) -> None:
    first = await table_id(rt, crm_customers_csv(), "customers.csv")
    second = await table_id(rt, crm_customers_csv(), "customers_copy.csv")
    result = await ok(rt, "map_relationships", {"parsed_file_ids": [first, second]})
    (same,) = result["relationships"]
    assert same["kind"] == "same_entity"
    assert same["cardinality"] == "one-to-one"
    assert {same["from"]["parsed_file_id"], same["to"]["parsed_file_id"]} == {first, second}
    assert same["from"]["column"] == same["to"]["column"]
