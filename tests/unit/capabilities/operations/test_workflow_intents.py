"""create_workflow and generate_sop through the runtime, on files the content capability parsed."""

from __future__ import annotations

import io

import docx

from symphainy.parsers.bpmn_parser import bpmn_document
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import (
    SOP_MARKDOWN,
    T,
    bpmn_with_lanes,
    fails,
    ok,
    parsed_id,
    sop_docx_bytes,
)


async def _blob(rt: Runtime, artifact_id: str, fmt: str) -> bytes:
    _, chunks = await rt.artifacts.open_content(T, artifact_id, fmt)
    return b"".join([c async for c in chunks])


async def test_markdown_sop_to_bpmn_and_back_to_the_same_sop(rt: Runtime) -> None:
    sop_file = await parsed_id(rt, SOP_MARKDOWN.encode(), "invoice_sop.md")
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    assert wf["source"] == "parsed_sop"
    assert wf["source_artifact_id"] == sop_file
    assert wf["task_count"] == 8  # 7 steps + the handling task of the exception at step 3
    assert [t["name"] for t in wf["tasks"]][:2] == [
        "Receive the invoice",
        "Enter the invoice in the ledger",
    ]
    assert wf["roles"] == ["Clerk", "Buyer", "Finance Manager", "Accounts Payable"]
    assert [e["condition"] for e in wf["unattached_exceptions"]] == [
        "The supplier disputes the payment"
    ]
    # The stored XML is what the result carries, and our parser reads it.
    stored = await _blob(rt, wf["workflow_artifact_id"], "bpmn")
    assert stored.decode() == wf["bpmn_xml"]
    assert len(bpmn_document(stored)["processes"][0]["tasks"]) == 8  # type: ignore[index]
    lineage = await rt.artifacts.lineage(T, wf["workflow_artifact_id"])
    assert lineage.parents == [sop_file]

    sop = await ok(rt, "generate_sop", {"workflow_id": wf["workflow_artifact_id"]})
    assert sop["source_artifact_id"] == wf["workflow_artifact_id"]
    assert sop["narrative"] is None
    assert sop["narrative_status"] == "absent"
    steps = sop["sop"]["steps"]
    assert [s["action"] for s in steps] == [
        "Receive the invoice",
        "Enter the invoice in the ledger",
        "Check the purchase order",
        "Validate the totals",
        "Approve the invoice",
        "Approve the invoice",
        "Pay the invoice",
    ]
    assert [s["after"] for s in steps] == [[], [1], [1], [2, 3], [4], [4], [5, 6]]
    assert steps[4]["condition"] == "the amount exceeds $10,000"
    assert steps[3]["task_type"] == "serviceTask"
    assert steps[4]["role"] == "Finance Manager"
    assert sop["sop"]["purpose"] == "Pay correct supplier invoices on time."
    assert [(e["step"], e["role"]) for e in sop["sop"]["exceptions"]] == [
        (3, "Buyer"),
        (None, "Finance Manager"),
    ]
    # The SOP's own Markdown, uploaded again, gives the same workflow: SOP → BPMN → SOP → BPMN.
    again = await parsed_id(rt, sop["markdown"].encode(), "again.md")
    wf2 = await ok(rt, "create_workflow", {"sop_id": again})
    assert wf2["bpmn_xml"] == wf["bpmn_xml"]


async def test_sop_artifact_renderings_open(rt: Runtime) -> None:
    wf = await ok(
        rt,
        "create_workflow",
        {"workflow_description": "1. Clerk: Receive the form\n2. Manager: Sign the form"},
    )
    sop = await ok(
        rt, "generate_sop", {"workflow_id": wf["workflow_artifact_id"], "title": "Forms"}
    )
    art = await rt.artifacts.resolve(T, sop["sop_id"], "sop")
    assert {m.format for m in art.materializations} == {"json", "markdown", "docx"}
    assert art.semantic_descriptor["step_count"] == 2
    word = docx.Document(io.BytesIO(await _blob(rt, sop["sop_id"], "docx")))
    texts = [p.text for p in word.paragraphs]
    assert "Forms" in texts
    assert "2. Manager: Sign the form" in texts
    assert word.tables[0].rows[2].cells[1].text == "Manager"
    assert (await _blob(rt, sop["sop_id"], "markdown")).decode().startswith("# Forms\n")


async def test_word_sop_with_parallel_steps(rt: Runtime) -> None:
    sop_file = await parsed_id(rt, sop_docx_bytes(), "onboarding.docx")
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    assert wf["workflow_name"] == "Employee onboarding"
    assert wf["roles"] == ["HR", "IT", "Facilities", "Manager"]
    process = bpmn_document(wf["bpmn_xml"])["processes"][0]  # type: ignore[index]
    assert {g["id"]: g["type"] for g in process["gateways"]} == {  # type: ignore[index]
        "Gateway_join_5": "parallelGateway",
        "Gateway_split_2": "parallelGateway",
    }
    sop = await ok(rt, "generate_sop", {"workflow_id": wf["workflow_artifact_id"]})
    assert [s["after"] for s in sop["sop"]["steps"]] == [[], [1], [2], [2], [3, 4]]
    assert sop["sop"]["exceptions"] == [
        {
            "step": 2,
            "condition": "The contract is not signed within a week",
            "handling": "Call the candidate",
            "role": "HR",
        }
    ]


async def test_structured_steps_and_an_uploaded_bpmn_file(rt: Runtime) -> None:
    steps = [
        {"number": 1, "action": "Scan the parcel", "role": "Courier", "task_type": "serviceTask"},
        {"number": 2, "action": "Deliver the parcel", "role": "Courier"},
    ]
    wf = await ok(rt, "create_workflow", {"steps": steps, "workflow_name": "Delivery"})
    assert wf["source"] == "steps"
    assert wf["workflow_name"] == "Delivery"
    assert [t["task_type"] for t in wf["tasks"]] == ["serviceTask", "task"]

    bpmn_file = await parsed_id(rt, bpmn_with_lanes().encode(), "claims.bpmn")
    wf = await ok(rt, "create_workflow", {"parsed_file_id": bpmn_file})
    assert wf["source"] == "parsed_bpmn"
    assert wf["workflow_name"] == "Claims handling"
    assert wf["process_id"] == "claims"
    assert wf["task_count"] == 6
    sop = await ok(rt, "generate_sop", {"workflow_id": bpmn_file})
    assert sop["sop"]["notes"] == [
        "After step 4, the process may return to step 1 when incomplete."
    ]
    assert sop["sop"]["steps"][5] == {
        "number": 6,
        "action": "Pay the claim",
        "role": "Finance",
        "after": [5],
        "condition": None,
        "task_type": "serviceTask",
    }


async def test_bad_sources_are_client_errors(rt: Runtime) -> None:
    await fails(rt, "create_workflow", {}, "invalid-request")
    await fails(
        rt,
        "create_workflow",
        {"steps": [{"number": 1, "action": "a"}], "workflow_description": "b"},
        "invalid-request",
    )
    csv = await parsed_id(rt, b"a,b\n1,2\n", "t.csv")
    await fails(rt, "create_workflow", {"sop_id": csv}, "invalid-request")
    await fails(rt, "generate_sop", {"workflow_id": csv}, "invalid-request")
    await fails(rt, "generate_sop", {"workflow_id": "nope"}, "artifact-not-found")
    bad = [{"number": 1, "action": "a"}, {"number": 2, "action": "b", "after": [3]}]
    await fails(rt, "create_workflow", {"steps": bad}, "invalid-request")
    notes = await parsed_id(rt, b"# Notes\n\nJust prose, no steps.\n", "n.md")
    await fails(rt, "create_workflow", {"sop_id": notes}, "invalid-request")


TABLE_SOP = """# Returns handling

## Procedure

| Step | Responsible | Action | Condition | After |
|---|---|---|---|---|
| 1 | Clerk | Log the return | | |
| 2 | Inspector | Inspect the item | | 1 |
| 3 | Clerk | Refund the customer | if the item is intact | 2 |
| 4 | Clerk | Reject the return | when the item is damaged | 2 |
"""


async def test_sop_written_as_a_table(rt: Runtime) -> None:
    sop_file = await parsed_id(rt, TABLE_SOP.encode(), "returns.md")
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    assert wf["roles"] == ["Clerk", "Inspector"]
    sop = await ok(rt, "generate_sop", {"workflow_id": wf["workflow_artifact_id"]})
    steps = [(s["role"], s["action"], s["after"], s["condition"]) for s in sop["sop"]["steps"]]
    assert steps == [
        ("Clerk", "Log the return", [], None),
        ("Inspector", "Inspect the item", [1], None),
        ("Clerk", "Refund the customer", [2], "the item is intact"),
        ("Clerk", "Reject the return", [2], "the item is damaged"),
    ]
    # the SOP's own Word rendering (numbered steps plus a step table) reads back the same
    word = await _blob(rt, sop["sop_id"], "docx")
    again = await ok(rt, "create_workflow", {"sop_id": await parsed_id(rt, word, "returns.docx")})
    assert again["tasks"] == wf["tasks"]
