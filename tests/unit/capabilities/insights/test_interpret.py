"""interpret_data_guided against a parsed YAML data model; interpret_data_self_discovery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.insights._chain import T, ok, parsed_as, run, runtime_for, table_id
from tests.unit.capabilities.insights._data import (
    GUIDE_YAML,
    after_action_docx,
    crm_customers_csv,
    crm_orders_json,
    members_csv,
    shipments_csv,
)


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as runtime:
        yield runtime


def _by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


async def test_guided_reading_of_a_table_through_a_data_model(rt: Runtime) -> None:
    guide = await parsed_as(rt, GUIDE_YAML, "model.yaml", "data_model")
    data = await table_id(rt, members_csv(), "members.csv")
    result = await ok(rt, "interpret_data_guided", {"parsed_file_id": data, "guide_id": guide})
    assert result["guide_entities"] == ["Customer", "Order"]
    (table,) = result["tables"]
    assert table["entity"] == "Customer"
    assert [a["entity"] for a in table["alternatives"]] == ["Order"]
    assert table["alternatives"][0]["score"] < table["entity_score"]
    mappings = _by(table["field_mappings"], "source_column")
    assert {k: m["target_column"] for k, m in mappings.items()} == {
        "id": "customer_id",
        "email": "email",
        "name": "full_name",
        "tier": "tier",
        "joined": "signup_date",
    }
    assert mappings["email"]["checks"]["format_violations"] == 1
    assert mappings["email"]["checks"]["examples"] == ["no-at-sign.example.com"]
    assert mappings["tier"]["checks"]["enum_violations"] == 1
    assert mappings["tier"]["checks"]["examples"] == ["platinum"]
    assert all(m["checks"]["type_ok"] for m in mappings.values())
    assert table["missing_required"] == []
    assert table["conformance"] == pytest.approx(1 - 2 / 50)
    report = await rt.artifacts.resolve(T, result["report_id"])
    assert (report.artifact_type, set(report.parent_artifacts)) == ("interpretation", {data, guide})


async def test_a_guide_must_be_a_data_model(rt: Runtime) -> None:
    data = await table_id(rt, members_csv(), "members.csv")
    view = await run(rt, "interpret_data_guided", {"parsed_file_id": data, "guide_id": data})
    assert view.error is not None
    assert view.error.type.endswith("invalid-request")


async def test_self_discovery_of_roles_components_and_references(rt: Runtime) -> None:
    await table_id(rt, crm_customers_csv(), "customers.csv")
    orders = await table_id(rt, crm_orders_json(), "orders.json")
    result = await ok(rt, "interpret_data_self_discovery", {"parsed_file_id": orders})
    assert result["kind"] == "tabular"
    (entity,) = result["entities"]
    assert (entity["name"], entity["identifier"]) == ("Order", "order_id")
    roles = {a["name"]: a["role"] for a in entity["attributes"]}
    assert roles == {
        "order_id": "identifier",
        "customer_id": "reference",
        "order_date": "temporal",
        "amount": "measure",
    }
    (fk,) = result["relationships"]
    assert (fk["from"]["column"], fk["to"]["label"], fk["to"]["column"]) == (
        "customer_id",
        "customers",
        "id",
    )
    shipments = await table_id(rt, shipments_csv(), "shipments.csv")
    alone = await ok(
        rt,
        "interpret_data_self_discovery",
        {"parsed_file_id": shipments, "include_tenant_tables": False},
    )
    (ship,) = alone["entities"]
    assert ship["name"] == "Shipment"
    assert ship["components"] == [
        {"name": "Billing", "columns": ["billing_street", "billing_city", "billing_zip"]}
    ]
    roles = {a["name"]: a["role"] for a in ship["attributes"]}
    assert roles["shipment_id"] == "identifier"
    assert roles["is_express"] == "flag"
    assert roles["weight_kg"] == "measure"
    assert roles["status"] == "category"
    assert roles["notes"] == "text"
    assert alone["relationships"] == []


async def test_self_discovery_of_a_document(rt: Runtime) -> None:
    doc = await table_id(rt, after_action_docx(), "drill.docx")
    result = await ok(rt, "interpret_data_self_discovery", {"parsed_file_id": doc})
    assert result["kind"] == "document"
    kinds = _by(result["entities"], "name")
    assert kinds["email"]["instances"][0]["value"] == "maria.lopez@example.com"
    assert result["topics"][0]["term"] == "evacuation"
    assert result["outline"][1:] == ["What was planned", "What happened", "Lessons learned"]
