"""analyze_structured_data on CSV and JSON tables parsed by the content chain."""

from __future__ import annotations

import statistics
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.insights._chain import T, ok, runtime_for, table_id
from tests.unit.capabilities.insights._data import sales_csv, sales_json, sales_rows


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as runtime:
        yield runtime


def _table(result: dict[str, Any]) -> dict[str, Any]:
    (table,) = result["tables"]
    return table


def _column(table: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in table["columns"] if c["name"] == name)


@pytest.mark.parametrize(
    ("data", "name"), [(sales_csv(), "sales.csv"), (sales_json(), "sales.json")]
)
async def test_statistics_match_the_generated_data(rt: Runtime, data: bytes, name: str) -> None:
    rows = sales_rows()
    units = [float(r["units"]) for r in rows]  # type: ignore[arg-type]
    revenue = [float(r["revenue"]) for r in rows]  # type: ignore[arg-type]
    pid = await table_id(rt, data, name)
    table = _table(await ok(rt, "analyze_structured_data", {"parsed_file_id": pid}))
    assert table["row_count"] == 120
    assert table["label"] == "sales"
    stats = _column(table, "units")["numeric"]
    assert stats["mean"] == pytest.approx(statistics.mean(units))
    assert stats["std"] == pytest.approx(statistics.stdev(units))
    assert stats["median"] == pytest.approx(statistics.median(units))
    assert (stats["min"], stats["max"]) == (min(units), max(units))
    assert "order_id" not in table["measures"]
    hist = table["distributions"]["units"]
    assert sum(hist["counts"]) == 120
    assert len(hist["edges"]) == 11
    region = table["distributions"]["region"]
    assert region["kind"] == "categories"
    assert [(v["value"], v["count"]) for v in region["values"]] == [
        ("east", 30),
        ("north", 30),
        ("south", 30),
        ("west", 30),
    ]
    strong = {(s["a"], s["b"]): s["r"] for s in table["correlations"]["strong"]}
    assert strong[("units", "revenue")] == pytest.approx(
        np.corrcoef(units, revenue)[0, 1], abs=1e-9
    )
    (trend,) = table["trends"]
    assert (trend["date_column"], trend["period"]) == ("order_date", "month")
    assert trend["periods"][0] == "2024-01"
    assert len(trend["periods"]) == 12
    assert trend["series"]["rows"]["values"] == [10] * 12
    assert trend["series"]["rows"]["direction"] == "flat"
    assert trend["series"]["units"]["direction"] == "increasing"
    means = [statistics.mean(units[m * 10 : m * 10 + 10]) for m in range(12)]
    assert trend["series"]["units"]["values"] == pytest.approx(means)
    assert trend["series"]["units"]["slope"] == pytest.approx(np.polyfit(range(12), means, 1)[0])


async def test_charts_are_svg_visualizations_of_the_report(rt: Runtime) -> None:
    pid = await table_id(rt, sales_csv(), "sales.csv")
    result = await ok(rt, "analyze_structured_data", {"parsed_file_id": pid})
    kinds = [c["kind"] for c in result["charts"]]
    assert kinds.count("histogram") == 4  # units, price, revenue, discount
    assert {"bar", "line", "heatmap"} <= set(kinds)
    report = await rt.artifacts.resolve(T, result["report_id"])
    assert (report.artifact_type, report.parent_artifacts) == ("analysis_report", [pid])
    for chart in result["charts"]:
        art = await rt.artifacts.resolve(T, chart["artifact_id"])
        assert art.parent_artifacts == [result["report_id"]]
        _, chunks = await rt.artifacts.open_content(T, chart["artifact_id"], "svg")
        root = ElementTree.fromstring(b"".join([c async for c in chunks]))
        assert root.tag.endswith("svg")
        assert root.get("viewBox")


async def test_options_limit_the_work(rt: Runtime) -> None:
    pid = await table_id(rt, sales_csv(), "sales.csv")
    options = {"top_n": 2, "bins": 4, "max_charts": 1, "trend_period": "quarter"}
    result = await ok(
        rt, "analyze_structured_data", {"parsed_file_id": pid, "analysis_options": options}
    )
    table = _table(result)
    assert len(result["charts"]) == 1
    assert len(table["distributions"]["units"]["counts"]) == 4
    assert len(_column(table, "region")["top_values"]) == 2
    trend = table["trends"][0]
    assert trend["periods"] == ["2024-01", "2024-04", "2024-07", "2024-10"]
    assert trend["series"]["rows"]["values"] == [30, 30, 30, 30]
