"""synthesize_outcome, export_artifact (files re-opened with their own readers), create_solution."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pypdf
import pytest
import yaml

from symphainy.reasoning.testing import FakeChatServer, Reply, fake_chat_server
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import T, fails, ok
from tests.unit.capabilities.outcomes._chain import chain, full_runtime


async def _bytes(rt: Runtime, artifact_id: str) -> bytes:
    _, chunks = await rt.artifacts.open_content(T, artifact_id)
    return b"".join([c async for c in chunks])


async def test_synthesis_of_the_session_counts_every_pillar(rt: Runtime) -> None:
    c = await chain(rt)
    await ok(rt, "create_blueprint", {"workflow_id": c.workflow})
    out = await ok(rt, "synthesize_outcome", {})
    pillars = out["pillars"]
    assert pillars["content"]["files"] == 2
    assert pillars["content"]["parsed"] == 2
    assert pillars["content"]["records"] >= 20  # the 20 customers, plus the SOP's paragraphs
    assert pillars["insights"]["quality_reports"] == 1
    assert pillars["insights"]["worst_grade"] == c.quality_grade
    ops = pillars["operations"]
    assert (ops["workflows"], ops["workflow_tasks"], ops["optimizations"]) == (1, 8, 1)
    assert ops["classified_tasks"] == {"assist": 0, "automate": 6, "keep-human": 2}
    assert ops["automation_potential"] == round(6 / 8, 4)
    assert pillars["outcomes"]["blueprint"] == 1
    assert (
        "8 tasks classified: 6 automate, 0 assist, 2 keep-human (automation potential 75%)"
        in out["headlines"]
    )
    assert out["narrative_status"] == "absent"
    only = await ok(rt, "synthesize_outcome", {"source_ids": [c.analysis]})
    assert only["source_ids"] == [c.analysis]
    assert only["pillars"]["content"]["artifacts"] == 0
    await fails(rt, "synthesize_outcome", {}, "invalid-request", session=None)


async def test_exports_open_in_their_own_readers(rt: Runtime) -> None:
    c = await chain(rt)
    bp = await ok(rt, "create_blueprint", {"workflow_id": c.workflow})
    bid = bp["blueprint_id"]
    exported = {}
    for fmt in ("json", "yaml", "markdown", "docx", "pdf"):
        result = await ok(rt, "export_artifact", {"artifact_id": bid, "export_format": fmt})
        data = await _bytes(rt, result["export_id"])
        assert len(data) == result["size"]
        assert result["download_path"].endswith("/content")
        exported[fmt] = (result, data)
    content = json.loads(exported["json"][1])
    assert content["responsibility_matrix"] == bp["responsibility_matrix"]
    assert yaml.safe_load(exported["yaml"][1]) == content
    md = exported["markdown"][1].decode()
    assert md.startswith("# Blueprint: Invoice approval")
    assert "| Task id | Task | Classification | Responsible |" in md
    word = docx.Document(io.BytesIO(exported["docx"][1]))
    assert word.paragraphs[0].text == "Blueprint: Invoice approval"
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"Pay the invoice", "Platform (automated)", "keep-human"} <= cells
    result, pdf = exported["pdf"]
    assert result["filename"].endswith(".pdf")
    assert result["media_type"] == "application/pdf"
    assert result["notes"] == ["PDF font: DejaVu"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Blueprint: Invoice approval" in text
    assert "Responsibility matrix" in text
    assert "Validate the totals" in text
    export = await rt.artifacts.resolve(T, result["export_id"], "export")
    assert export.parent_artifacts == [bid]
    await fails(
        rt, "export_artifact", {"artifact_id": bid, "artifact_type": "roadmap"}, "invalid-request"
    )


async def test_an_sop_exports_to_pdf_with_unicode(rt: Runtime) -> None:
    wf = await ok(
        rt, "create_workflow", {"workflow_description": "Caissière: encaisser le paiement → reçu"}
    )
    sop = await ok(
        rt,
        "generate_sop",
        {"workflow_id": wf["workflow_artifact_id"], "title": "Caisse \u2013 fin de journée"},
    )
    result = await ok(rt, "export_artifact", {"artifact_id": sop["sop_id"], "export_format": "pdf"})
    text = (
        pypdf.PdfReader(io.BytesIO(await _bytes(rt, result["export_id"]))).pages[0].extract_text()
    )
    flat = " ".join(text.split())  # table cells wrap
    assert "Caisse \u2013 fin de journée" in flat
    assert "Encaisser le paiement → reçu" in flat
    assert "Exceptions: (none)" in flat


async def test_solution_from_a_roadmap_names_what_it_is_built_on(rt: Runtime) -> None:
    c = await chain(rt)
    rm = await ok(
        rt, "generate_roadmap", {"goals": ["Faster invoice cycle"], "source_ids": [c.analysis]}
    )
    sol = await ok(
        rt,
        "create_solution",
        {
            "solution_name": "Touchless invoices",
            "solution_source": "roadmap",
            "source_id": rm["roadmap_id"],
        },
    )
    assert sol["goals"] == ["Faster invoice cycle"]
    assert len(sol["scope"]) == 6
    assert sol["milestones"][0]["name"] == "Automate routine steps"
    assert {
        "generate_roadmap",
        "analyze_coexistence",
        "create_workflow",
        "parse_content",
        "ingest_file",
    } <= set(sol["built_on_intents"])
    assert sol["lineage"][0] == rm["roadmap_id"]
    assert c.sop_file in sol["lineage"]
    listed = await ok(rt, "list_artifacts", {"artifact_type": "solution"})
    assert [a["semantic_descriptor"]["solution_name"] for a in listed["artifacts"]] == [
        "Touchless invoices"
    ]
    await fails(
        rt,
        "create_solution",
        {
            "solution_name": "x",
            "solution_source": "poc",
            "source_id": rm["roadmap_id"],
        },
        "invalid-request",
    )


@pytest.fixture(scope="module")
def llm_server() -> Iterator[FakeChatServer]:
    with fake_chat_server() as server:
        yield server


async def test_with_a_model_goals_alone_make_a_roadmap(
    llm_server: FakeChatServer, tmp_path: Path
) -> None:
    llm_server.reset()
    llm_server.script(Reply(text="- Map the invoice process\n2. Automate invoice matching\n\n"))
    async with full_runtime(
        f"sqlite:///{tmp_path}/s.db",
        tmp_path,
        reasoning_base_url=llm_server.url,
        reasoning_model="m",
        reasoning_max_retries=0,
    ) as rt:
        rm = await ok(rt, "generate_roadmap", {"goals": ["Faster invoice cycle"]})
    assert rm["items_source"] == "reasoning"
    assert [i["title"] for i in rm["items"]] == [
        "Map the invoice process",
        "Automate invoice matching",
    ]
    assert rm["narrative_status"] == "generated"
    assert rm["narrative"].startswith("echo: The roadmap")
    assert "- Faster invoice cycle" in llm_server.requests[0]["messages"][1]["content"]
