"""analyze_unstructured_data on a Word file and visualize_lineage over the whole chain."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.content._chain import deterministic, semantic
from tests.unit.capabilities.insights._chain import T, ok, run, runtime_for, table_id
from tests.unit.capabilities.insights._data import after_action_docx, sales_csv

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
async def rt(tmp_path: Path) -> AsyncIterator[Runtime]:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as runtime:
        yield runtime


def _values(entities: dict[str, Any], kind: str) -> list[str]:
    return [e["value"] for e in entities[kind]]


async def test_word_document_keywords_entities_and_sections(rt: Runtime) -> None:
    pid = await table_id(rt, after_action_docx(), "drill.docx")
    result = await ok(rt, "analyze_unstructured_data", {"parsed_file_id": pid})
    stats = result["statistics"]
    assert stats["sections"] == 4
    assert stats["paragraphs"] == 5
    assert stats["sentences"] == 12
    assert stats["flesch_reading_ease"] is not None
    assert result["keywords"][0]["term"] == "evacuation"
    assert result["keywords"][0]["count"] == 5
    assert result["key_phrases"][:2] == [
        {"phrase": "evacuation plan", "count": 3},
        {"phrase": "assembly point", "count": 2},
    ]
    assert "com" not in {k["term"] for k in result["keywords"]}
    entities = result["entities"]
    assert _values(entities, "email") == ["maria.lopez@example.com"]
    assert _values(entities, "phone") == ["6175550142"]
    assert _values(entities, "date") == ["2024-03-05"]  # "March 5, 2024" and "2024-03-05"
    assert entities["date"][0]["count"] == 2
    assert _values(entities, "money") == ["1250.50 USD"]
    assert _values(entities, "percent") == ["12%"]
    assert _values(entities, "identifier") == ["FA-2231"]
    assert _values(entities, "url") == ["https://intranet.example.com/safety/evacuation"]
    assert {"Maria Lopez", "James Carter"} <= set(_values(entities, "name"))
    headings = [s["heading"] for s in result["sections"]]
    assert headings == [
        "After Action Review: Warehouse Fire Drill",
        "What was planned",
        "What happened",
        "Lessons learned",
    ]
    assert "evacuation" in result["sections"][1]["keywords"]
    assert [c["kind"] for c in result["charts"]] == ["bar", "bar"]


async def test_tables_are_not_documents(rt: Runtime) -> None:
    pid = await table_id(rt, sales_csv(), "sales.csv")
    view = await run(rt, "analyze_unstructured_data", {"parsed_file_id": pid})
    assert view.error is not None
    assert view.error.type.endswith("invalid-request")


async def test_lineage_graph_of_the_whole_chain(rt: Runtime) -> None:
    pid = await table_id(rt, sales_csv(), "sales.csv")
    det = await deterministic(rt, pid)
    emb = await semantic(rt, pid, det["deterministic_embedding_id"])
    quality = await ok(rt, "assess_data_quality", {"parsed_file_id": pid})
    parsed = await rt.artifacts.resolve(T, pid)
    file_id = parsed.parent_artifacts[0]
    graph = await ok(rt, "visualize_lineage", {"file_id": file_id})
    layers = {n["artifact_id"]: n["layer"] for n in graph["nodes"]}
    types = {n["artifact_id"]: n["artifact_type"] for n in graph["nodes"]}
    assert layers == {
        file_id: 0,
        pid: 1,
        det["deterministic_embedding_id"]: 2,
        quality["report_id"]: 2,
        emb["embedding_id"]: 3,
    }
    assert types[quality["report_id"]] == "quality_report"
    edges = {(e["source"], e["target"]) for e in graph["edges"]}
    assert (det["deterministic_embedding_id"], emb["embedding_id"]) in edges
    assert (pid, emb["embedding_id"]) in edges
    assert len(edges) == 5
    names = [n["name"] for n in graph["nodes"] if n["artifact_id"] == file_id]
    assert names == ["sales.csv"]
    (chart,) = graph["charts"]
    _, chunks = await rt.artifacts.open_content(T, chart["artifact_id"], "svg")
    root = ElementTree.fromstring(b"".join([c async for c in chunks]))
    assert len(root.findall(f".//{NS}g")) == 5
    assert len(root.findall(f".//{NS}path")) == 5 + 1  # edges + the arrow marker
    report = await rt.artifacts.resolve(T, graph["report_id"])
    assert (report.artifact_type, report.parent_artifacts) == ("lineage_graph", [file_id])
    everything = await ok(
        rt, "visualize_lineage", {"file_id": file_id, "include_visualizations": True}
    )
    assert len(everything["nodes"]) == 5 + 1 + 2  # + quality chart, first graph and its chart
