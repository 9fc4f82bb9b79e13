"""extract_structured_data with the three shipped patterns and a tenant's own config."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from symphainy.errors import InvalidParameters
from symphainy.runtime import Runtime
from tests.unit.capabilities.insights._chain import T, ok, run, runtime_for, table_id
from tests.unit.capabilities.insights._data import (
    INVOICE_CONFIG,
    POLICY_MD,
    after_action_docx,
    permits_csv,
)


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as runtime:
        yield runtime


async def test_after_action_review_from_a_word_document(rt: Runtime) -> None:
    doc = await table_id(rt, after_action_docx(), "drill.docx")
    result = await ok(
        rt, "extract_structured_data", {"data_source": doc, "pattern": "after_action_review"}
    )
    assert result["source_kind"] == "document"
    (record,) = result["records"]
    assert record["event_name"] == "Warehouse fire drill"
    assert record["event_date"] == "2024-03-05"
    assert record["location"] == "Dock 4"
    assert record["participants"] == [
        "Maria Lopez (safety lead)",
        "James Carter",
        "the night shift",
    ]
    assert len(record["planned"]) == 2
    assert record["actual"][0] == "Evacuation took six minutes."
    assert len(record["actual"]) == 3
    assert record["improve"][0] == "Install strobe alarms near the forklift aisles."
    assert (record["causes"], record["sustain"], record["action_items"]) == (None, None, None)
    assert result["missing_required"] == []
    assert result["completeness"] == pytest.approx(7 / 10)
    evidence = {e["field"]: e for e in result["evidence"]}
    assert (evidence["planned"]["rule"], evidence["planned"]["section"]) == (
        "section",
        "What was planned",
    )
    assert evidence["event_date"]["rule"] == "label"
    report = await rt.artifacts.resolve(T, result["report_id"])
    assert (report.artifact_type, report.parent_artifacts) == ("extraction_result", [doc])


async def test_variable_life_policy_from_markdown(rt: Runtime) -> None:
    doc = await table_id(rt, POLICY_MD, "policy.md")
    result = await ok(
        rt, "extract_structured_data", {"data_source": doc, "pattern": "variable_life_policy"}
    )
    (record,) = result["records"]
    assert record["policy_number"] == "VL-204118"
    assert (record["insured_name"], record["owner_name"]) == ("Jordan Ellis", "Casey Ellis")
    assert record["issue_date"] == "2023-06-01"
    assert record["face_amount"] == 500000.0
    assert record["planned_premium"] == 3600.0
    assert record["premium_mode"] == "Annual"
    assert record["death_benefit_option"] == "B"
    assert record["guaranteed_interest_rate"] == 2.5
    assert record["surrender_charge_period_years"] == 10
    assert len(record["investment_options"]) == 3
    assert record["riders"] == [
        "Waiver of Monthly Deductions rider.",
        "Accelerated Death Benefit rider.",
    ]
    assert len(record["policy_rules"]) == 3
    assert result["completeness"] == 1.0


async def test_permit_semantic_objects_from_a_table(rt: Runtime) -> None:
    table = await table_id(rt, permits_csv(), "permits.csv")
    result = await ok(
        rt, "extract_structured_data", {"data_source": table, "pattern": "permit_semantic_object"}
    )
    assert result["source_kind"] == "table"
    assert [r["permit_number"] for r in result["records"]] == [
        "BP-2024-0101",
        "BP-2024-0102",
        "BP-2024-0103",
    ]
    first, _, last = result["records"]
    assert (first["site_address"], first["parcel_id"], first["issue_date"]) == (
        "12 Oak St",
        "APN-5521",
        "2024-02-01",
    )
    assert (first["valuation"], first["fee"]) == (85000.0, 1250.0)
    assert (last["issue_date"], last["expiration_date"]) == ("not issued", None)
    evidence = {e["field"]: e for e in result["evidence"]}
    assert evidence["issue_date"]["unreadable_values"] == 1
    assert evidence["site_address"]["column"] == "address"
    assert "conditions" not in evidence
    assert result["missing_required"] == []


async def test_a_tenant_config_from_a_parsed_json_file(rt: Runtime) -> None:
    config = await table_id(rt, INVOICE_CONFIG, "invoice_config.json")
    doc = await table_id(rt, b"Invoice: INV-77\nTotal: $1,480.25\nDue: 2024-07-31\n", "inv.txt")
    params = {"data_source": doc, "pattern": "invoice", "extraction_config_id": config}
    result = await ok(rt, "extract_structured_data", params)
    assert result["pattern"] == "invoice"
    assert result["records"] == [
        {"invoice_number": "INV-77", "total": 1480.25, "due": "2024-07-31"}
    ]
    report = await rt.artifacts.resolve(T, result["report_id"])
    assert set(report.parent_artifacts) == {doc, config}


async def test_bad_configs_are_refused(rt: Runtime) -> None:
    doc = await table_id(rt, POLICY_MD, "policy.md")
    view = await run(rt, "extract_structured_data", {"data_source": doc, "pattern": "tax_return"})
    assert view.error is not None
    assert view.error.type.endswith("invalid-request")
    bad = await table_id(rt, b'{"pattern_id": "x", "name": "x", "fields": []}', "bad.json")
    custom = {"data_source": doc, "pattern": "x", "extraction_config_id": bad}
    view = await run(rt, "extract_structured_data", custom)
    assert view.error is not None
    assert view.error.type.endswith("invalid-request")
    config = await table_id(rt, INVOICE_CONFIG, "invoice_config.json")
    other = {"data_source": doc, "pattern": "receipt", "extraction_config_id": config}
    view = await run(rt, "extract_structured_data", other)
    assert view.error is not None
    assert "not 'receipt'" in view.error.detail
    with pytest.raises(InvalidParameters):
        await run(rt, "extract_structured_data", {"data_source": doc})
