"""Helpers for operations tests: a runtime with content + operations, and SOP/BPMN inputs."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from symphainy.capabilities import content, operations
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime

T = "tenant-a"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SESSION = "sess-1"


@asynccontextmanager
async def ops_runtime(database_url: str, home: Path, **settings: Any) -> AsyncIterator[Runtime]:
    registry = IntentRegistry()
    content.register(registry)
    operations.register(registry)
    async with local_runtime(
        registry, database_url=database_url, home=home, poll_seconds=0.05, **settings
    ) as rt:
        await rt.create_session(T, session_id=SESSION)
        yield rt


async def run(rt: Runtime, intent: str, params: dict[str, Any], session: str | None = SESSION):
    sub = await rt.submit(SubmitIntent(T, intent, params, session_id=session))
    return await rt.wait(T, sub.execution_id, timeout=60)


async def ok(rt: Runtime, intent: str, params: dict[str, Any], **kw: Any) -> Any:
    view = await run(rt, intent, params, **kw)
    assert view.status == "completed", (intent, view.error)
    return view.result


async def fails(rt: Runtime, intent: str, params: dict[str, Any], problem: str, **kw: Any) -> Any:
    view = await run(rt, intent, params, **kw)
    assert view.status == "failed", (intent, view.result)
    assert view.error.type.endswith("/" + problem), view.error
    return view.error


async def parsed_id(rt: Runtime, data: bytes, name: str) -> str:
    """Ingest, save and parse `data` in the test session; the parsed_content id."""
    encoded = base64.b64encode(data).decode()
    file = await ok(
        rt, "ingest_file", {"ui_name": name, "filename": name, "file_content_base64": encoded}
    )
    contract = file["boundary_contract_id"]
    await ok(
        rt,
        "save_materialization",
        {"file_id": file["artifact_id"], "boundary_contract_id": contract},
    )
    result = await ok(rt, "parse_content", {"file_id": file["artifact_id"]})
    return str(result["parsed_file_id"])


SOP_MARKDOWN = """# Invoice approval

## Purpose

Pay correct supplier invoices on time.

## Roles

- Clerk
- Buyer
- Finance Manager
- Accounts Payable

## Procedure

1. Clerk: Receive the invoice
2. Clerk: Enter the invoice in the ledger
3. Buyer: Check the purchase order (after step 1)
4. Validate the totals (after steps 2 and 3) [serviceTask]
5. If the amount exceeds $10,000, Finance Manager: Approve the invoice
6. If the amount is at most $10,000, Clerk: Approve the invoice (after step 4)
7. Accounts Payable: Pay the invoice (after steps 5 and 6)

## Exceptions

- If the purchase order is missing at step 3, Buyer: Request the purchase order from the supplier
- If the supplier disputes the payment, Finance Manager: Resolve the dispute
"""


def sop_docx_bytes() -> bytes:
    """A Word SOP written the way people write them: headings, numbered list, bullets."""
    import docx

    document = docx.Document()
    document.add_heading("Employee onboarding", level=0)
    document.add_heading("Purpose", level=1)
    document.add_paragraph("Get a new employee productive in the first week.")
    document.add_heading("Steps", level=1)
    for line in (
        "HR: Send the offer letter",
        "HR: Record the signed contract",
        "IT: Create the user accounts (after step 2)",
        "Facilities: Prepare the desk (after step 2)",
        "Manager: Welcome the employee (after steps 3 and 4)",
    ):
        document.add_paragraph(line, style="List Number")
    document.add_heading("Exceptions", level=1)
    document.add_paragraph(
        "If the contract is not signed within a week at step 2, HR: Call the candidate",
        style="List Bullet",
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bpmn_with_lanes() -> str:
    """A hand-written BPMN file (as a modelling tool exports it) with lanes and a rework loop."""
    tasks = [
        ("t1", "userTask", "Enter the claim details", "Clerk"),
        ("t2", "userTask", "Check the policy coverage of the claim", "Adjuster"),
        ("t3", "userTask", "Order the repair estimate", "Clerk"),
        ("t4", "userTask", "Approve the claim", "Adjuster"),
        ("t5", "userTask", "Approve the claim payment", "Manager"),
        ("t6", "serviceTask", "Pay the claim", "Finance"),
    ]
    body = "\n".join(f'<bpmn:{k} id="{i}" name="{n}"/>' for i, k, n, _ in tasks)
    lanes = {}
    for i, _, _, role in tasks:
        lanes.setdefault(role, []).append(i)
    lane_xml = "\n".join(
        f'<bpmn:lane id="lane_{r}" name="{r}">'
        + "".join(f"<bpmn:flowNodeRef>{i}</bpmn:flowNodeRef>" for i in ids)
        + "</bpmn:lane>"
        for r, ids in lanes.items()
    )
    flows = [
        ("s", "t1"),
        ("t1", "t2"),
        ("t2", "t3"),
        ("t3", "t4"),
        ("t4", "gw"),
        ("gw", "t5"),
        ("gw", "t1"),
        ("t5", "t6"),
        ("t6", "e"),
    ]
    flow_xml = "\n".join(
        f'<bpmn:sequenceFlow id="f{n}" sourceRef="{a}" targetRef="{b}"'
        + (
            ">"
            + "<bpmn:conditionExpression>incomplete</bpmn:conditionExpression>"
            + "</bpmn:sequenceFlow>"
            if (a, b) == ("gw", "t1")
            else "/>"
        )
        for n, (a, b) in enumerate(flows)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="{BPMN_NS}" id="d" targetNamespace="x">
<bpmn:process id="claims" name="Claims handling">
<bpmn:laneSet id="ls">{lane_xml}</bpmn:laneSet>
<bpmn:startEvent id="s"/>
{body}
<bpmn:exclusiveGateway id="gw"/>
<bpmn:endEvent id="e"/>
{flow_xml}
</bpmn:process>
</bpmn:definitions>
"""
