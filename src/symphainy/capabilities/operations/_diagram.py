"""BPMN diagram interchange (DI): a layout so modelling tools can draw the workflow.

Each process becomes a pool (a collaboration participant) with its lanes as horizontal bands.
Columns are longest-path layers of the flow graph (loop-closing flows excluded, a boundary
event sharing its task's layer); a node sits in its lane's band (gateways and events take the
lane of a neighbour), and nodes sharing a lane and a column stack below one another. The
process model itself is untouched, so the XML still parses to the same document.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from lxml import etree

from symphainy.capabilities.operations._graph import (
    Flow,
    Node,
    WorkflowGraph,
    back_edges,
    workflow_graph,
)
from symphainy.parsers.bpmn_parser import q
from symphainy.types import JSONObject

DI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DDI = "http://www.omg.org/spec/DD/20100524/DI"
SIZES = {"task": (100.0, 80.0), "event": (36.0, 36.0), "gateway": (50.0, 50.0)}
COLUMN, ROW, BAND_X, MARGIN = 150.0, 110.0, 30.0, 20.0


@dataclass(frozen=True, slots=True)
class Box:
    """A shape's bounds."""

    x: float
    y: float
    w: float
    h: float


def _layers(graph: WorkflowGraph, back: set[str]) -> dict[str, int]:
    """Longest-path layer of every node (Kahn's order, document order breaking ties)."""
    ids = list(graph.nodes)
    edges: dict[str, list[tuple[str, int]]] = {i: [] for i in ids}
    for flow in graph.flows:
        if flow.flow_id not in back:
            edges[flow.source].append((flow.target, 1))
    for node in graph.nodes.values():
        if node.attached_to in edges:
            edges[str(node.attached_to)].append((node.node_id, 0))
    indegree = dict.fromkeys(ids, 0)
    for targets in edges.values():
        for target, _ in targets:
            indegree[target] += 1
    position = {i: n for n, i in enumerate(ids)}
    ready = [position[i] for i in ids if indegree[i] == 0]
    heapq.heapify(ready)
    layer = dict.fromkeys(ids, 0)
    while ready:
        current = ids[heapq.heappop(ready)]
        for target, weight in edges[current]:
            layer[target] = max(layer[target], layer[current] + weight)
            indegree[target] -= 1
            if indegree[target] == 0:
                heapq.heappush(ready, position[target])
    return layer


def _back_flows(graph: WorkflowGraph) -> set[str]:
    """Flows that close a loop (found by a depth-first walk from the start events)."""
    nodes = list(graph.nodes)
    succ = {n: [f.target for f in graph.outgoing(n)] for n in nodes}
    starts = [n for n in nodes if not graph.incoming(n)]
    closing = set(back_edges(nodes, succ, starts))
    return {f.flow_id for f in graph.flows if (f.target, f.source) in closing}


def _lane_of(graph: WorkflowGraph, node: Node) -> str | None:
    if node.role or node.category == "task":
        return node.role
    if node.attached_to and node.attached_to in graph.nodes:
        return graph.nodes[node.attached_to].role
    near = [graph.nodes[f.source] for f in graph.incoming(node.node_id)]
    near += [graph.nodes[f.target] for f in graph.outgoing(node.node_id)]
    return next((n.role for n in near if n.role), None)


def layout(graph: WorkflowGraph) -> tuple[dict[str, Box], dict[str | None, Box], set[str]]:
    """Shapes of the nodes and of the lane bands, and the loop-closing flows."""
    back = _back_flows(graph)
    layer = _layers(graph, back)
    lanes: list[str | None] = [*dict.fromkeys(graph.lanes)] or [None]
    lane = {n: _lane_of(graph, node) for n, node in graph.nodes.items()}
    lane = {n: (v if v in lanes else lanes[0]) for n, v in lane.items()}
    slot: dict[str, int] = {}
    taken: dict[tuple[str | None, int], int] = {}
    for n, node in graph.nodes.items():
        if node.kind != "boundaryEvent":
            key = (lane[n], layer[n])
            slot[n], taken[key] = taken.get(key, 0), taken.get(key, 0) + 1
    bands, top = {}, 0.0
    for name in lanes:
        depth = max([v for (ln, _), v in taken.items() if ln == name] or [1])
        width = BAND_X + (max(layer.values()) + 1) * COLUMN + MARGIN
        bands[name] = Box(BAND_X, top, width - BAND_X, depth * ROW)
        top += depth * ROW
    boxes = {
        n: _box(node, layer[n], bands[lane[n]], slot.get(n, 0)) for n, node in graph.nodes.items()
    }
    for n, node in graph.nodes.items():
        if node.attached_to in boxes:
            host = boxes[str(node.attached_to)]
            boxes[n] = Box(host.x + host.w - 28, host.y + host.h - 18, 36, 36)
    return boxes, bands, back


def _box(node: Node, column: int, band: Box, slot: int) -> Box:
    w, h = SIZES[node.category]
    cx = BAND_X + MARGIN + column * COLUMN + COLUMN / 2
    cy = band.y + slot * ROW + ROW / 2
    return Box(cx - w / 2, cy - h / 2, w, h)


def _waypoints(
    flow: Flow, boxes: dict[str, Box], *, back: bool, from_boundary: bool
) -> list[tuple[float, float]]:
    """Orthogonal routes: loops go under both shapes, boundary flows leave downwards."""
    s, t = boxes[flow.source], boxes[flow.target]
    if back:
        low = max(s.y + s.h, t.y + t.h) + 15
        return [
            (s.x + s.w / 2, s.y + s.h),
            (s.x + s.w / 2, low),
            (t.x + t.w / 2, low),
            (t.x + t.w / 2, t.y + t.h),
        ]
    end = (t.x, t.y + t.h / 2)
    if from_boundary:
        # Leave downwards, clear of the task the event sits on, then enter from the left.
        start = (s.x + s.w / 2, s.y + s.h)
        below, mid = start[1] + 15, end[0] - 20
        return [start, (start[0], below), (mid, below), (mid, end[1]), end]
    start = (s.x + s.w, s.y + s.h / 2)
    if abs(start[1] - end[1]) < 0.5:
        return [start, end]
    mid = (start[0] + end[0]) / 2
    return [start, (mid, start[1]), (mid, end[1]), end]


def _top_level(process: JSONObject) -> JSONObject:
    """The process without sub-process contents (they would need planes of their own)."""
    out: JSONObject = dict(process)
    for key in ("tasks", "events", "gateways", "flows"):
        items = process.get(key)
        out[key] = (
            [i for i in items if isinstance(i, dict) and i.get("parent") is None]
            if isinstance(items, list)
            else []
        )
    return out


def with_diagram(xml: str, document: JSONObject) -> str:
    """The BPMN XML with a collaboration (a pool per process) and its diagram added."""
    root = etree.fromstring(xml.encode(), etree.XMLParser(remove_blank_text=True))
    collaboration = etree.Element(q("collaboration"), id="Collaboration_1")
    root.insert(0, collaboration)
    diagram = etree.SubElement(root, f"{{{DI}}}BPMNDiagram", id="BPMNDiagram_1")
    plane = etree.SubElement(
        diagram, f"{{{DI}}}BPMNPlane", id="BPMNPlane_1", bpmnElement="Collaboration_1"
    )
    offset = 0.0
    processes = document.get("processes")
    for process in processes if isinstance(processes, list) else []:
        if isinstance(process, dict):
            offset = _pool(collaboration, plane, _top_level(process), offset) + 30
    etree.cleanup_namespaces(root, top_nsmap={"bpmndi": DI, "dc": DC, "di": DDI})
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out.decode()


def _pool(
    collaboration: etree._Element, plane: etree._Element, process: JSONObject, top: float
) -> float:
    pid = str(process["id"])
    participant = etree.SubElement(
        collaboration, q("participant"), id=f"Participant_{pid}", processRef=pid
    )
    if isinstance(process.get("name"), str):
        participant.set("name", str(process["name"]))
    graph = (
        workflow_graph({"processes": [process]})
        if process.get("tasks")
        else WorkflowGraph(pid, [pid])
    )
    boxes, bands, back = (
        layout(graph) if graph.nodes else ({}, {None: Box(BAND_X, 0, COLUMN, ROW)}, set())
    )
    height = sum(b.h for b in bands.values())
    width = max(b.x + b.w for b in bands.values())
    _shape(plane, f"Participant_{pid}", Box(0, top, width, height), isHorizontal="true")
    lane_ids = {lane.get("name"): lane.get("id") for lane in _dicts(process.get("lanes"))}
    for name, band in bands.items():
        if name is not None and lane_ids.get(name):
            _shape(
                plane,
                str(lane_ids[name]),
                Box(band.x, band.y + top, band.w, band.h),
                isHorizontal="true",
            )
    for node_id, box in boxes.items():
        extra = (
            {"isMarkerVisible": "true"} if graph.nodes[node_id].kind == "exclusiveGateway" else {}
        )
        _shape(plane, node_id, Box(box.x, box.y + top, box.w, box.h), **extra)
    for flow in graph.flows:
        boundary = graph.nodes[flow.source].kind == "boundaryEvent"
        points = _waypoints(flow, boxes, back=flow.flow_id in back, from_boundary=boundary)
        edge = etree.SubElement(
            plane, f"{{{DI}}}BPMNEdge", id=f"{flow.flow_id}_di", bpmnElement=flow.flow_id
        )
        for x, y in points:
            etree.SubElement(edge, f"{{{DDI}}}waypoint", x=_n(x), y=_n(y + top))
    return top + height


def _dicts(value: object) -> list[JSONObject]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _n(value: float) -> str:
    return str(round(value))


def _shape(plane: etree._Element, element: str, box: Box, **attrs: str) -> None:
    shape = etree.SubElement(
        plane, f"{{{DI}}}BPMNShape", id=f"{element}_di", bpmnElement=element, **attrs
    )
    etree.SubElement(
        shape, f"{{{DC}}}Bounds", x=_n(box.x), y=_n(box.y), width=_n(box.w), height=_n(box.h)
    )
