from __future__ import annotations

import pytest
from lxml import etree

from symphainy.errors import InvalidParameters
from symphainy.parsers import ParseError
from symphainy.parsers.bpmn_parser import BPMN_NS, bpmn_document, parse_bpmn
from symphainy.parsers.bpmn_writer import write_bpmn

CLAIM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    id="Defs" targetNamespace="http://example.com/claims">
  <bpmn:process id="Claim" name="Handle claim" isExecutable="true">
    <bpmn:laneSet id="LS">
      <bpmn:lane id="Clerk" name="Clerk">
        <bpmn:flowNodeRef>Start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Review</bpmn:flowNodeRef>
        <bpmn:childLaneSet id="CLS">
          <bpmn:lane id="Senior" name="Senior clerk">
            <bpmn:flowNodeRef>Approve</bpmn:flowNodeRef>
          </bpmn:lane>
        </bpmn:childLaneSet>
      </bpmn:lane>
      <bpmn:lane id="System" name="System">
        <bpmn:flowNodeRef>Pay</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="Start" name="Claim received">
      <bpmn:messageEventDefinition id="M1"/>
    </bpmn:startEvent>
    <bpmn:userTask id="Review" name="Review claim"/>
    <bpmn:exclusiveGateway id="Decide" name="Approved?" default="F_reject"/>
    <bpmn:userTask id="Approve" name="Approve"/>
    <bpmn:serviceTask id="Pay" name="Pay out"/>
    <bpmn:subProcess id="Investigate" name="Investigate">
      <bpmn:startEvent id="SubStart"/>
      <bpmn:scriptTask id="Check" name="Run checks"/>
      <bpmn:endEvent id="SubEnd"/>
      <bpmn:sequenceFlow id="S1" sourceRef="SubStart" targetRef="Check"/>
      <bpmn:sequenceFlow id="S2" sourceRef="Check" targetRef="SubEnd"/>
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="Timeout" attachedToRef="Review" cancelActivity="false">
      <bpmn:timerEventDefinition/>
    </bpmn:boundaryEvent>
    <bpmn:parallelGateway id="Join"/>
    <bpmn:endEvent id="End"><bpmn:terminateEventDefinition/></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review"/>
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="Decide"/>
    <bpmn:sequenceFlow id="F_ok" name="yes" sourceRef="Decide" targetRef="Approve">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">
        ${approved &amp;&amp; amount &lt; 1000}
      </bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F_reject" sourceRef="Decide" targetRef="Investigate"/>
    <bpmn:sequenceFlow id="F3" sourceRef="Approve" targetRef="Pay"/>
    <bpmn:sequenceFlow id="F4" sourceRef="Pay" targetRef="Join"/>
    <bpmn:sequenceFlow id="F5" sourceRef="Investigate" targetRef="Join"/>
    <bpmn:sequenceFlow id="F6" sourceRef="Join" targetRef="End"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D1"/>
</bpmn:definitions>
"""


def test_parse_processes_tasks_events_gateways_flows_lanes(write_file, out_dir):
    outcome = parse_bpmn(write_file("claim.bpmn", CLAIM), out_dir)

    (process,) = outcome.document["processes"]
    assert (process["id"], process["name"]) == ("Claim", "Handle claim")
    assert [(t["id"], t["type"], t["parent"]) for t in process["tasks"]] == [
        ("Review", "userTask", None),
        ("Approve", "userTask", None),
        ("Pay", "serviceTask", None),
        ("Investigate", "subProcess", None),
        ("Check", "scriptTask", "Investigate"),
    ]
    events = {e["id"]: e for e in process["events"]}
    assert events["Start"]["definitions"] == ["message"]
    assert events["Timeout"] | {} == {
        "id": "Timeout",
        "name": None,
        "type": "boundaryEvent",
        "parent": None,
        "definitions": ["timer"],
        "attached_to": "Review",
        "cancel_activity": False,
    }
    assert events["End"]["definitions"] == ["terminate"]
    assert events["SubStart"]["parent"] == "Investigate"
    assert [(g["id"], g["type"], g["default"]) for g in process["gateways"]] == [
        ("Decide", "exclusiveGateway", "F_reject"),
        ("Join", "parallelGateway", None),
    ]
    flows = {f["id"]: f for f in process["flows"]}
    assert flows["F_ok"] == {
        "id": "F_ok",
        "name": "yes",
        "source": "Decide",
        "target": "Approve",
        "condition": "${approved && amount < 1000}",
        "parent": None,
    }
    assert flows["S1"]["parent"] == "Investigate"
    assert process["lanes"] == [
        {"id": "Clerk", "name": "Clerk", "elements": ["Start", "Review"], "parent": None},
        {"id": "Senior", "name": "Senior clerk", "elements": ["Approve"], "parent": "Clerk"},
        {"id": "System", "name": "System", "elements": ["Pay"], "parent": None},
    ]
    assert outcome.metadata["tasks_count"] == 5


def test_write_then_parse_round_trips(write_file, out_dir):
    document = parse_bpmn(write_file("claim.bpmn", CLAIM), out_dir).document

    xml = write_bpmn(document)

    assert bpmn_document(xml) == document
    root = etree.fromstring(xml.encode())
    assert root.tag == f"{{{BPMN_NS}}}definitions"
    sub = root.find(f".//{{{BPMN_NS}}}subProcess")
    assert [etree.QName(c).localname for c in sub] == [
        "scriptTask",
        "startEvent",
        "endEvent",
        "sequenceFlow",
        "sequenceFlow",
    ]
    assert write_bpmn(bpmn_document(xml)) == xml


def test_write_handcrafted_document():
    document = {
        "processes": [
            {
                "id": "P",
                "name": None,
                "tasks": [{"id": "T", "name": "Do", "type": "manualTask", "parent": None}],
                "events": [
                    {
                        "id": "S",
                        "name": None,
                        "type": "startEvent",
                        "definitions": [],
                        "attached_to": None,
                        "cancel_activity": None,
                        "parent": None,
                    },
                    {
                        "id": "E",
                        "name": None,
                        "type": "endEvent",
                        "definitions": ["error"],
                        "attached_to": None,
                        "cancel_activity": None,
                        "parent": None,
                    },
                ],
                "gateways": [],
                "flows": [
                    {
                        "id": "a",
                        "name": None,
                        "source": "S",
                        "target": "T",
                        "condition": None,
                        "parent": None,
                    },
                    {
                        "id": "b",
                        "name": None,
                        "source": "T",
                        "target": "E",
                        "condition": "x > 1",
                        "parent": None,
                    },
                ],
                "lanes": [],
            }
        ]
    }

    assert bpmn_document(write_bpmn(document)) == document


def test_writer_rejects_unknown_types():
    with pytest.raises(InvalidParameters):
        write_bpmn({"processes": [{"id": "P", "tasks": [{"id": "T", "type": "danceTask"}]}]})


def test_malformed_xml_reports_line(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_bpmn(
            write_file(
                "bad.bpmn",
                CLAIM.replace('<bpmn:userTask id="Approve" name="Approve"/>', "<bpmn:userTask>"),
            ),
            out_dir,
        )
    assert caught.value.extra["line"] > 20


def test_non_bpmn_xml_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_bpmn(
            write_file("note.xml", '<?xml version="1.0"?>\n<note><to>Ann</to></note>'), out_dir
        )
    assert caught.value.extra == {"line": 2}
    assert "not a BPMN 2.0 document" in caught.value.detail


def test_dangling_flow_reference_raises(write_file, out_dir):
    broken = CLAIM.replace('targetRef="End"/>', 'targetRef="Nowhere"/>')
    with pytest.raises(ParseError) as caught:
        parse_bpmn(write_file("dangling.bpmn", broken), out_dir)
    assert caught.value.extra["element"] == "F6"
    lines = CLAIM.splitlines()
    assert caught.value.extra["line"] == next(
        number for number, text in enumerate(lines, start=1) if 'id="F6"' in text
    )


def test_duplicate_ids_raise(write_file, out_dir):
    broken = CLAIM.replace('<bpmn:serviceTask id="Pay"', '<bpmn:serviceTask id="Review"')
    with pytest.raises(ParseError) as caught:
        parse_bpmn(write_file("dup.bpmn", broken), out_dir)
    assert caught.value.extra["element"] == "Review"
