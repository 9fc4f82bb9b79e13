"""SOP text → SOP → BPMN XML → our BPMN parser → SOP, without a runtime."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphainy.capabilities.operations._bpmn_build import normalized, sop_to_bpmn
from symphainy.capabilities.operations._derive import sop_from_graph
from symphainy.capabilities.operations._graph import workflow_graph
from symphainy.capabilities.operations._models import SopDocument, SopException, SopStep
from symphainy.capabilities.operations._sop_render import sop_markdown
from symphainy.capabilities.operations._sop_text import (
    build_sop,
    description_lines,
    parse_exception,
    parse_step,
    sop_from_document,
    split_items,
)
from symphainy.errors import InvalidRequest
from symphainy.parsers.bpmn_parser import bpmn_document
from symphainy.parsers.bpmn_writer import write_bpmn
from tests.unit.capabilities.operations._ops import SOP_MARKDOWN


def _round_trip(sop: SopDocument) -> SopDocument:
    xml = write_bpmn(sop_to_bpmn(sop))
    return sop_from_graph(workflow_graph(bpmn_document(xml)), purpose=sop.purpose)


def _markdown_sop(text: str) -> SopDocument:
    from symphainy.parsers.text_parser import _Builder

    builder = _Builder(None, markdown=True)  # type: ignore[arg-type]
    builder.feed(text.splitlines())
    return sop_from_document(
        {"title": builder.title(), "sections": builder.sections}, markdown=True
    )


def test_step_lines_name_role_condition_order_and_type() -> None:
    step = parse_step("5. If the amount exceeds $10,000, Finance Manager: approve it", 5)
    assert (step.role, step.action, step.condition) == (
        "Finance Manager",
        "Approve it",
        "the amount exceeds $10,000",
    )
    assert step.task_type == "userTask"
    assert step.after is None
    step = parse_step("- Validate the totals (after steps 2 and 3) [serviceTask]", 4)
    assert (step.role, step.action, step.after, step.task_type) == (
        None,
        "Validate the totals",
        [2, 3],
        "serviceTask",
    )
    assert parse_step("Check the order (Buyer)", 2).role == "Buyer"
    assert parse_step("Open the mail (at the start)", 3).after == []
    with pytest.raises(InvalidRequest):
        parse_step("Do it [teleportTask]", 1)


def test_exception_lines_and_list_splitting() -> None:
    exc = parse_exception("If the PO is missing at step 3, Buyer: request it")
    assert exc == SopException(
        step=3, condition="The PO is missing", handling="Request it", role="Buyer"
    )
    assert parse_exception("Supplier unreachable: escalate to the manager").step is None
    with pytest.raises(InvalidRequest):
        parse_exception("something odd")
    assert split_items("1. Receive it 2. Check $2. 3 items 3. Pay") == [
        "Receive it",
        "Check $2. 3 items",
        "Pay",
    ]
    assert split_items("- Clerk - Buyer") == ["Clerk", "Buyer"]
    assert description_lines("Receive the invoice. Then check it; pay it.") == [
        "Receive the invoice",
        "check it",
        "pay it",
    ]


def test_markdown_sop_is_read_by_sections() -> None:
    sop = normalized(_markdown_sop(SOP_MARKDOWN))
    assert sop.title == "Invoice approval"
    assert sop.purpose == "Pay correct supplier invoices on time."
    assert sop.roles == ["Clerk", "Buyer", "Finance Manager", "Accounts Payable"]
    assert [s.after for s in sop.steps] == [[], [1], [1], [2, 3], [4], [4], [5, 6]]
    assert sop.steps[3].task_type == "serviceTask"
    assert [s.condition for s in sop.steps][4:6] == [
        "the amount exceeds $10,000",
        "the amount is at most $10,000",
    ]
    assert [e.step for e in sop.exceptions] == [3, None]


def test_sop_round_trips_through_bpmn_xml() -> None:
    sop = normalized(_markdown_sop(SOP_MARKDOWN))
    xml = write_bpmn(sop_to_bpmn(sop))
    document = bpmn_document(xml)
    process = document["processes"][0]  # type: ignore[index]
    kinds = {g["id"]: g["type"] for g in process["gateways"]}  # type: ignore[index,union-attr]
    assert kinds == {
        "Gateway_join_4": "parallelGateway",
        "Gateway_join_7": "exclusiveGateway",
        "Gateway_split_1": "parallelGateway",
        "Gateway_split_4": "exclusiveGateway",
    }
    assert [lane["name"] for lane in process["lanes"]] == sop.roles  # type: ignore[index]
    boundary = [e for e in process["events"] if e["type"] == "boundaryEvent"]  # type: ignore[index]
    assert boundary[0]["attached_to"] == "Task_3"
    assert boundary[0]["definitions"] == ["error"]
    back = _round_trip(sop)
    attached = [e for e in sop.exceptions if e.step is not None]
    assert back.model_copy(update={"exceptions": []}) == sop.model_copy(update={"exceptions": []})
    assert back.exceptions == attached
    # …and the SOP's Markdown reads back as the same SOP.
    assert normalized(_markdown_sop(sop_markdown(back))) == back


@st.composite
def sops(draw: st.DrawFn) -> SopDocument:
    n = draw(st.integers(1, 9))
    roles = ["Clerk", "Buyer", "Manager", None]
    steps = []
    for i in range(1, n + 1):
        after = draw(st.lists(st.integers(1, i - 1), max_size=3, unique=True)) if i > 1 else []
        role = draw(st.sampled_from(roles))
        condition = draw(st.sampled_from([None, None, f"case {i} holds"]))
        steps.append(
            SopStep(
                number=i,
                action=f"Do thing {i}",
                role=role,
                after=sorted(after),
                condition=condition,
                task_type="userTask" if role else "task",
            )
        )
    exceptions = [
        SopException(step=draw(st.integers(1, n)), condition=f"Problem {k}", handling=f"Fix {k}")
        for k in range(draw(st.integers(0, 2)))
    ]
    return normalized(SopDocument(title="Random", steps=steps, exceptions=exceptions))


def _mixed_split(sop: SopDocument) -> bool:
    """Several unconditional followers beside a conditional one: refused by design."""
    groups: dict[int, list[SopStep]] = {}
    for step in sop.steps:
        for source in step.after or [0]:  # 0: the start event
            groups.setdefault(source, []).append(step)
    plain = [sum(f.condition is None for f in fs) for fs in groups.values()]
    return any(1 < p < len(fs) for p, fs in zip(plain, groups.values(), strict=True))


@settings(max_examples=150, deadline=None)
@given(sops())
def test_any_acyclic_sop_round_trips(sop: SopDocument) -> None:
    if _mixed_split(sop):
        with pytest.raises(InvalidRequest, match="unconditionally beside conditional"):
            sop_to_bpmn(sop)
        return
    assert _round_trip(sop) == sop


def test_invalid_sops_are_refused() -> None:
    with pytest.raises(InvalidRequest, match="earlier steps"):
        normalized(build_sop("x", ["a", "b (after step 2)"]))
    with pytest.raises(InvalidRequest, match="does not exist"):
        normalized(build_sop("x", ["a"], exception_lines=["If it breaks at step 4, fix it"]))
    with pytest.raises(InvalidRequest, match="no procedure steps"):
        sop_from_document({"title": "t", "sections": [{"heading": "Notes", "paragraphs": ["x"]}]})
