"""create_workflow on SOPs written without Markdown: a clinic's .txt file, and the same as .docx."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx

from symphainy.capabilities.operations._sop_outline import outline
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import T, fails, ok, parsed_id

INTAKE = Path(__file__).parents[3] / "fixtures" / "operations" / "patient_intake_sop.txt"

STEPS = [
    (
        "Front Desk",
        "Greet the patient and confirm their identity \u2014 ask for full name and date of "
        "birth; compare them with a photo ID",
    ),
    (
        "Front Desk",
        "Scan the insurance card and verify coverage in the eligibility portal before the visit "
        "is booked \u2014 if coverage is inactive, offer the self-pay estimate",
    ),
    ("Front Desk", "Collect the signed consent and privacy forms"),
    ("Triage Nurse", "Record vital signs and the reason for the visit"),
    ("Triage Nurse", "Assign an acuity level and place the patient in the queue"),
]


async def _intake_sop(rt: Runtime, sop_file: str) -> dict:
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    assert wf["source"] == "parsed_sop"
    assert wf["workflow_name"] == "PATIENT INTAKE PROCEDURE"
    assert wf["roles"] == ["Front Desk", "Triage Nurse"]
    # 5 steps + the handling task of the exception at step 1.
    assert wf["task_count"] == 6
    assert [e["condition"] for e in wf["unattached_exceptions"]] == ["The patient is in distress"]
    sop = await ok(rt, "generate_sop", {"workflow_id": wf["workflow_artifact_id"]})
    return sop["sop"]


async def test_plain_text_clinic_sop_becomes_a_workflow(rt: Runtime) -> None:
    sop_file = await parsed_id(rt, INTAKE.read_bytes(), "patient_intake_sop.txt")
    sop = await _intake_sop(rt, sop_file)
    assert [(s["role"], s["action"]) for s in sop["steps"]] == STEPS
    assert sop["purpose"] == (
        "To register every walk-in patient accurately and route them to triage within fifteen "
        "minutes of arrival."
    )
    assert sop["exceptions"][0] == {
        "step": 1,
        "condition": "The patient cannot show a photo ID",
        "handling": "Record two other identifiers",
        "role": "Front Desk",
    }


def _docx_of(text: str) -> bytes:
    """The text as a Word file without heading styles: one paragraph per line, wraps joined."""
    document = docx.Document()
    for paragraph in outline_lines(text):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def outline_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.splitlines():
        if raw.startswith("   ") and not re.match(r"\s*[a-z0-9]{1,3}[.)]\s", raw):
            lines[-1] += " " + raw.strip()  # a wrapped line: Word wraps by itself
        elif raw.strip():
            lines.append(raw.strip())
    return lines


async def test_the_same_sop_as_a_word_file_without_heading_styles(rt: Runtime) -> None:
    sop_file = await parsed_id(rt, _docx_of(INTAKE.read_text()), "patient_intake_sop.docx")
    sop = await _intake_sop(rt, sop_file)
    assert [(s["role"], s["action"]) for s in sop["steps"]] == STEPS


def test_outline_markers_headings_nesting_and_wraps() -> None:
    text = (
        "1. Purpose\nKeep the line moving.\n\n2. Procedure\n"
        "Step 1: Open the valve\n  - check the gauge\n    and log it\n"
        "Step 2: Close the valve\n\n"
        "SAFETY NOTES\n\u2022 Wear gloves\n\u2013 Wear goggles\n"
    )
    paragraphs = text.split("\n\n")
    parts = outline(paragraphs)
    assert [(p.heading, p.kind) for p in parts] == [
        (None, None),
        ("Purpose", "purpose"),
        ("Procedure", "steps"),
        ("SAFETY NOTES", None),
    ]
    assert [e.folded() for e in parts[2].entries] == [
        "Open the valve \u2014 check the gauge and log it",
        "Close the valve",
    ]
    assert [e.folded() for e in parts[3].entries] == ["Wear gloves", "Wear goggles"]
    roman = outline(
        ["Procedure:\n1) Weigh the sample\n   i. tare the scale\n   ii. read it\n2) Label it"]
    )
    assert [e.folded() for e in roman[1].entries] == [
        "Weigh the sample \u2014 tare the scale; read it",
        "Label it",
    ]


async def test_plain_text_without_steps_still_fails_clearly(rt: Runtime) -> None:
    notes = await parsed_id(rt, b"MEETING NOTES\n\nWe talked about the intake desk.\n", "n.txt")
    await fails(rt, "create_workflow", {"sop_id": notes}, "invalid-request")


async def test_markdown_without_headings_reads_its_joined_list_as_before(rt: Runtime) -> None:
    """Markdown joins a list's lines into one paragraph; its items are still the steps."""
    text = (
        b"Intake, as in [the guide](https://example.com/guide):\n\n"
        b"1. Greet the patient\n2. Scan the card\n   on the reader\n3. File the form\n"
    )
    sop_file = await parsed_id(rt, text, "intake.md")
    kind = (await rt.artifacts.resolve(T, sop_file)).semantic_descriptor["content_kind"]
    assert kind == "markdown"
    wf = await ok(rt, "create_workflow", {"sop_id": sop_file})
    assert [t["name"] for t in wf["tasks"]] == [
        "Greet the patient",
        "Scan the card on the reader",
        "File the form",
    ]
