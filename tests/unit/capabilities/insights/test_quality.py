"""assess_data_quality on files the content chain ingested, saved and parsed for real."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from symphainy.capabilities.insights._quality import grade
from symphainy.errors import InvalidParameters
from symphainy.runtime import Runtime
from tests.unit.capabilities.content._chain import HANDBOOK, OTHER, customers_csv, deterministic
from tests.unit.capabilities.insights._chain import T, ok, run, runtime_for, table_id
from tests.unit.capabilities.insights._data import quality_csv

SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(database_url, tmp_path) as rt:
        yield rt


@pytest.fixture
async def sqlite_rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as rt:
        yield rt


def _columns(report: dict[str, Any]) -> dict[str, Any]:
    return {c["name"]: c for c in report["tables"][0]["columns"]}


def _finding(column: dict[str, Any], dimension: str) -> dict[str, Any]:
    found = [f for f in column["findings"] if f["dimension"] == dimension]
    assert len(found) == 1, (column["name"], dimension, column["findings"])
    return found[0]


async def test_customers_file_nulls_and_malformed_email(runtime: Runtime) -> None:
    pid = await table_id(runtime, customers_csv(), "customers.csv")
    report = await ok(runtime, "assess_data_quality", {"parsed_file_id": pid})
    cols = _columns(report)
    email = _finding(cols["customer_email"], "validity")
    assert (email["count"], email["examples"][0]["row"]) == (1, 2)
    assert email["examples"][0]["value"] == "carol.at.example.com"
    assert "'at' written instead of '@'" in email["root_cause_hint"]
    balance = _finding(cols["balance"], "completeness")
    assert [e["row"] for e in balance["examples"]] == [1, 8, 16]
    assert (cols["balance"]["missing"], cols["signup_date"]["missing"]) == (3, 2)
    assert cols["customer_email"]["expected_format"] == "email"
    assert cols["account_uuid"]["expected_format"] == "uuid"
    phone = _finding(cols["phone"], "consistency")
    assert {e["layout"] for e in phone["examples"]} == {"(999) 999-9999", "+9 999 999 9999"}
    assert report["grade"] == grade(report["score"])
    assert report["tables"][0]["label"] == "customers"


async def test_planted_defects_are_each_found(sqlite_rt: Runtime) -> None:
    pid = await table_id(sqlite_rt, quality_csv(), "members.csv")
    report = await ok(sqlite_rt, "assess_data_quality", {"parsed_file_id": pid})
    cols = _columns(report)
    email = _finding(cols["email"], "validity")
    assert [(e["row"], e["value"]) for e in email["examples"]] == [
        (3, "carol.at.example.com"),
        (10, "dave@example"),
    ]
    assert "top-level" in email["examples"][1]["hint"]
    assert [e["row"] for e in _finding(cols["email"], "completeness")["examples"]] == [15, 16]
    phone = _finding(cols["phone"], "validity")
    assert (phone["count"], phone["examples"][0]["row"]) == (1, 20)
    assert "only 7 digits" in phone["examples"][0]["hint"]
    joined = _finding(cols["joined"], "validity")
    assert joined["examples"][0]["row"] == 7
    assert "MM/DD/YYYY" in joined["examples"][0]["hint"]
    assert _finding(cols["joined"], "completeness")["examples"] == [{"row": 30, "value": "N/A"}]
    dup = _finding(cols["id"], "uniqueness")
    assert dup["examples"] == [{"value": 12, "occurrences": 2, "rows": [11, 39]}]
    assert dup["severity"] == "high"
    outlier = _finding(cols["amount"], "outliers")
    assert outlier["examples"][0]["row"] == 25
    assert outlier["examples"][0]["value"] == 15000.0
    assert "times the median" in outlier["examples"][0]["hint"]
    city = _finding(cols["city"], "consistency")
    assert city["examples"] == [
        {
            "suggested": "Boston",
            "kind": "case or spacing",
            "variants": [
                {"value": "Boston", "count": 10},
                {"value": "boston", "count": 1, "rows": [5]},
            ],
        }
    ]
    scores = report["scores"]
    assert scores["validity"] == pytest.approx(1 - 4 / (38 + 40 + 39), abs=1e-6)
    assert scores["completeness"] == pytest.approx(1 - 3 / 240, abs=1e-6)
    assert report["grade"] == grade(report["score"]) == "B"


async def test_report_and_chart_artifacts_have_lineage(sqlite_rt: Runtime) -> None:
    pid = await table_id(sqlite_rt, quality_csv(), "members.csv")
    report = await ok(sqlite_rt, "assess_data_quality", {"parsed_file_id": pid})
    art = await sqlite_rt.artifacts.resolve(T, report["report_id"])
    assert (art.artifact_type, art.lifecycle_state) == ("quality_report", "READY")
    assert art.parent_artifacts == [pid]
    assert art.semantic_descriptor["grade"] == report["grade"]
    (chart,) = report["charts"]
    svg_art = await sqlite_rt.artifacts.resolve(T, chart["artifact_id"])
    assert (svg_art.artifact_type, svg_art.parent_artifacts) == ("visualization", [art.artifact_id])
    root = ElementTree.fromstring(await _content(sqlite_rt, chart["artifact_id"]))
    assert root.tag == SVG
    assert len(root.findall(".//{http://www.w3.org/2000/svg}rect")) == 1 + 6  # background + bars
    lineage = await sqlite_rt.artifacts.lineage(T, pid)
    assert {a.artifact_type for a in lineage.descendants} >= {"quality_report", "visualization"}


async def _content(rt: Runtime, artifact_id: str) -> bytes:
    _, chunks = await rt.artifacts.open_content(T, artifact_id)
    return b"".join([c async for c in chunks])


async def test_uses_a_given_deterministic_embedding(sqlite_rt: Runtime) -> None:
    pid = await table_id(sqlite_rt, customers_csv(), "customers.csv")
    det = await deterministic(sqlite_rt, pid)
    report = await ok(
        sqlite_rt,
        "assess_data_quality",
        {"parsed_file_id": pid, "deterministic_embedding_id": det["deterministic_embedding_id"]},
    )
    art = await sqlite_rt.artifacts.resolve(T, report["report_id"])
    assert set(art.parent_artifacts) == {pid, det["deterministic_embedding_id"]}
    assert _columns(report)["customer_email"]["invalid"] == 1


async def test_bad_inputs_fail_with_typed_problems(sqlite_rt: Runtime) -> None:
    pid = await table_id(sqlite_rt, customers_csv(), "customers.csv")
    other = await table_id(sqlite_rt, quality_csv(), "members.csv")
    det = await deterministic(sqlite_rt, other)
    doc = await table_id(sqlite_rt, HANDBOOK.encode(), "handbook.md")
    cases = [
        ({"parsed_file_id": pid, "source_file_id": other}, "invalid-request"),
        (
            {
                "parsed_file_id": pid,
                "deterministic_embedding_id": det["deterministic_embedding_id"],
            },
            "invalid-request",
        ),
        ({"parsed_file_id": doc}, "invalid-request"),
        ({"parsed_file_id": pid, "table": "nope"}, "invalid-request"),
    ]
    for params, problem in cases:
        view = await run(sqlite_rt, "assess_data_quality", params)
        assert view.status == "failed", params
        assert view.error is not None
        assert view.error.type.endswith(problem), (params, view.error)
    with pytest.raises(InvalidParameters):
        await run(
            sqlite_rt,
            "assess_data_quality",
            {"parsed_file_id": pid, "quality_options": {"format_threshold": 2}},
        )
    foreign = await run(sqlite_rt, "assess_data_quality", {"parsed_file_id": pid}, OTHER)
    assert foreign.error is not None
    assert foreign.error.type.endswith("artifact-not-found")


CLINIC = Path(__file__).parents[3] / "fixtures" / "insights" / "clinic_visits.csv"


async def test_clinic_file_duplicate_key_variants_and_cross_column_rules(
    sqlite_rt: Runtime,
) -> None:
    pid = await table_id(sqlite_rt, CLINIC.read_bytes(), "clinic_visits.csv")
    report = await ok(sqlite_rt, "assess_data_quality", {"parsed_file_id": pid})
    cols = _columns(report)
    dup = _finding(cols["patient_id"], "uniqueness")
    assert (dup["count"], dup["severity"]) == (1, "high")
    assert dup["examples"] == [{"value": "P1002", "occurrences": 2, "rows": [1, 4]}]
    payer = [
        f for f in cols["payer"]["findings"] if f["issue"] == "category written in several ways"
    ]
    assert len(payer) == 1
    # 'Cigna ' is listed but counted once, by the whitespace finding: 3 + 1 values.
    assert (payer[0]["count"], payer[0]["severity"]) == (3, "high")
    assert payer[0]["examples"] == [
        {
            "suggested": "Cigna",
            "kind": "case or spacing",
            "variants": [
                {"value": "Cigna", "count": 3},
                {"value": "cigna", "count": 1, "rows": [2]},
                {"value": "CIGNA", "count": 1, "rows": [7]},
                {"value": "Cigna ", "count": 1, "rows": [5]},
            ],
        },
        {
            "suggested": "Medicare",
            "kind": "spelling",
            "variants": [
                {"value": "Medicare", "count": 2},
                {"value": "Medicre", "count": 1, "rows": [10]},
            ],
        },
    ]
    padded = [
        f for f in cols["payer"]["findings"] if f["issue"] == "leading or trailing whitespace"
    ]
    assert padded[0]["examples"] == [{"row": 5, "value": "Cigna "}]
    stay = _finding(cols["discharge_date"], "consistency")
    assert stay["issue"] == "discharge_date before admission_date"
    assert stay["examples"] == [
        {"row": 6, "admission_date": "2024-03-10", "discharge_date": "2024-03-07"}
    ]
    assert (stay["related_columns"], stay["severity"]) == (["admission_date"], "high")
    total = _finding(cols["total_paid"], "consistency")
    assert total["issue"] == "total_paid does not equal copay + insurer_paid"
    assert total["examples"] == [
        {"row": 11, "total_paid": 265.0, "expected": 260.0, "copay": 25.0, "insurer_paid": 235.0}
    ]
    assert "in 11 of 12 rows" in total["root_cause_hint"]
    assert total["related_columns"] == ["copay", "insurer_paid"]
    # Each finding counts against its dimension: the cross-column ones are consistency values.
    assert cols["total_paid"]["inconsistent"] == 1
    assert report["scores"]["uniqueness"] == pytest.approx(1 - 1 / (12 + 12), abs=1e-6)
    assert report["scores"]["consistency"] == pytest.approx(
        1 - (3 + 1 + 1 + 1) / (5 * 12), abs=1e-6
    )
    assert report["finding_count"] == 5
    assert report["grade"] == grade(report["score"])


def _lines(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


async def test_look_alike_categories_codes_and_copies_are_not_flagged(sqlite_rt: Runtime) -> None:
    """Categories that differ by a code, a digit or one letter of a short word are distinct;
    a foreign key repeats; a total that copies one part beside zeros states no relation;
    an end on its start date is fine."""
    rows = [
        f"{i % 4 + 1},{['Type A', 'Type B'][i % 2]},{['Level 1', 'Level 2'][i % 2]},"
        f"{['gold', 'bold'][i % 2]},{['north', 'south'][i % 2]},"
        f"{100 + i}.00,{5 if i == 3 else 0}.00,{100 + i}.00,"
        f"2024-01-{i + 1:02d},2024-01-{i + 1:02d}"
        for i in range(12)
    ]
    header = "customer_id,plan,tier,badge,region,amount,fee,net_amount,start_date,end_date"
    pid = await table_id(sqlite_rt, _lines(header, rows), "orders.csv")
    report = await ok(sqlite_rt, "assess_data_quality", {"parsed_file_id": pid})
    assert {c["name"]: c["findings"] for c in report["tables"][0]["columns"]} == {
        name: [] for name in header.split(",")
    }
    assert report["finding_count"] == 0


def test_cross_column_rules_on_typed_frames() -> None:
    """Excel and JSON tables arrive with Date/Datetime and numeric columns, CSV with strings."""
    import datetime as dt

    import polars as pl

    from symphainy.capabilities.insights._models import QualityOptions
    from symphainy.capabilities.insights._quality import assess_table
    from symphainy.capabilities.insights._source import LoadedTable

    day = dt.datetime(2024, 3, 1, 9)
    frame = pl.DataFrame(
        {
            "visit_start": [day + dt.timedelta(days=i) for i in range(12)],
            "visit_end": [day + dt.timedelta(days=i, hours=-1 if i == 4 else 2) for i in range(12)],
            "valid_from": [dt.date(2024, 1, 1)] * 12,
            "valid_to": ["2023-12-31" if i == 7 else "2024-12-31" for i in range(12)],
            "units": [i % 5 + 1 for i in range(12)],
            "price": [10.0 + i for i in range(12)],
            "line_total": [(i % 5 + 1) * (10.0 + i) + (1 if i == 9 else 0) for i in range(12)],
        }
    )
    report, _ = assess_table(LoadedTable("p", "t", frame, 12, "t"), QualityOptions(), None)
    found = {
        c.name: [(f.issue, [e["row"] for e in f.examples]) for f in c.findings]
        for c in report.columns
    }
    assert found == {
        "visit_start": [],
        "visit_end": [("visit_end before visit_start", [4])],
        "valid_from": [],
        "valid_to": [("valid_to before valid_from", [7])],
        "units": [],
        "price": [],
        "line_total": [("line_total does not equal units * price", [9])],
    }
