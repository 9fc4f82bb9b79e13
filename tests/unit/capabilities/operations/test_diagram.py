"""The diagram layout: every node drawn once, no overlaps, lanes hold their tasks, model intact."""

from __future__ import annotations

import itertools

from lxml import etree

from symphainy.capabilities.operations._bpmn_build import sop_to_bpmn
from symphainy.capabilities.operations._diagram import DC, DDI, DI, with_diagram
from symphainy.capabilities.operations._sop_text import build_sop
from symphainy.parsers.bpmn_parser import bpmn_document
from symphainy.parsers.bpmn_writer import write_bpmn
from tests.unit.capabilities.operations._ops import bpmn_with_lanes

NS = {"bpmndi": DI, "dc": DC, "di": DDI}


def _bounds(xml: str) -> dict[str, tuple[float, float, float, float]]:
    root = etree.fromstring(xml.encode())
    out = {}
    for shape in root.iterfind(".//bpmndi:BPMNShape", NS):
        b = shape.find("dc:Bounds", NS)
        out[shape.get("bpmnElement")] = tuple(
            float(b.get(k)) for k in ("x", "y", "width", "height")
        )
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _check(document: dict, xml: str) -> dict[str, tuple[float, float, float, float]]:
    assert bpmn_document(xml) == bpmn_document(write_bpmn(document))  # the model is unchanged
    bounds = _bounds(xml)
    process = document["processes"][0]
    nodes = [n["id"] for key in ("tasks", "events", "gateways") for n in process[key]]
    assert set(nodes) | {f"Participant_{process['id']}"} | {
        lane["id"] for lane in process["lanes"]
    } == set(bounds)
    edges = etree.fromstring(xml.encode()).findall(".//bpmndi:BPMNEdge", NS)
    assert sorted(e.get("bpmnElement") for e in edges) == sorted(f["id"] for f in process["flows"])
    assert all(len(e.findall("di:waypoint", NS)) >= 2 for e in edges)
    attached = {e["id"] for e in process["events"] if e["type"] == "boundaryEvent"}
    free = [n for n in nodes if n not in attached]
    for a, b in itertools.combinations(free, 2):
        assert not _overlap(bounds[a], bounds[b]), (a, b)
    for lane in process["lanes"]:
        band = bounds[lane["id"]]
        for ref in lane["elements"]:
            box = bounds[ref]
            assert band[1] <= box[1], (lane["name"], ref)
            assert box[1] + box[3] <= band[1] + band[3], (lane["name"], ref)
    return bounds


def test_sop_workflow_layout() -> None:
    sop = build_sop(
        "Invoice",
        [
            "Clerk: Receive the invoice",
            "Clerk: Enter it",
            "Buyer: Check the order (after step 1)",
            "Validate the totals (after steps 2 and 3)",
            "If big, Manager: Approve it",
            "If small, Clerk: Approve it (after step 4)",
            "Clerk: Pay it (after steps 5 and 6)",
        ],
        exception_lines=["If the order is missing at step 3, Buyer: Ask the supplier"],
    )
    document = sop_to_bpmn(sop)
    bounds = _check(document, with_diagram(write_bpmn(document), document))
    # flow goes left to right: each step starts right of the steps it follows
    assert bounds["Task_2"][0] > bounds["Task_1"][0]
    assert bounds["Task_4"][0] > bounds["Task_3"][0]
    assert bounds["Task_7"][0] > bounds["Task_5"][0]
    task, boundary = bounds["Task_3"], bounds["Boundary_1"]
    assert _overlap(task, boundary)  # drawn on its task's edge


def test_uploaded_bpmn_with_a_loop() -> None:
    document = bpmn_document(bpmn_with_lanes())
    xml = with_diagram(write_bpmn(document), document)
    _check(document, xml)
    loop = etree.fromstring(xml.encode()).find(".//bpmndi:BPMNEdge[@bpmnElement='f6']", NS)
    ys = [float(p.get("y")) for p in loop.findall("di:waypoint", NS)]
    assert ys[1] > ys[0]  # the loop back to the first task runs underneath
