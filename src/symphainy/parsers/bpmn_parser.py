"""BPMN 2.0 XML parser: processes with tasks, events, gateways, sequence flows and lanes.

The document has one canonical order, which `bpmn_writer.write_bpmn` preserves, so
`bpmn_document(write_bpmn(doc)) == doc` for every document this module produces: each
list holds a container's direct children in file order, followed by the children of its
sub-processes (depth first); lanes are listed depth first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from symphainy.parsers._common import Options
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import BpmnOptions
from symphainy.types import JSONObject, JSONValue

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
TASK_TYPES: tuple[str, ...] = (
    "task",
    "userTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "manualTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
)
CONTAINER_TYPES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
EVENT_TYPES: tuple[str, ...] = (
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
)
GATEWAY_TYPES: tuple[str, ...] = (
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
)
EVENT_DEFINITIONS: tuple[str, ...] = (
    "message",
    "timer",
    "signal",
    "error",
    "escalation",
    "conditional",
    "link",
    "compensate",
    "terminate",
    "cancel",
)
_DEFINITION_TAGS = {f"{d}EventDefinition": d for d in EVENT_DEFINITIONS}


def q(local: str) -> str:
    """The Clark-notation name of a BPMN model element."""
    return f"{{{BPMN_NS}}}{local}"


def parse_bpmn(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse a BPMN 2.0 XML file into `{"processes": [...]}`.

    Args:
        path: the .bpmn / XML file.
        out_dir: unused; accepted for a uniform parser signature.
        options: `BpmnOptions` (none: any key is refused).

    Raises:
        ParseError: malformed XML (with `line`), not BPMN 2.0, or dangling references
            (with `element` and `line`).
        InvalidParameters: any option (the bpmn parser takes none).
    """
    BpmnOptions.of(options)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", offset=0) from exc
    document = bpmn_document(data)
    processes = [p for p in _list(document, "processes") if isinstance(p, dict)]
    counts = {key: sum(len(_list(p, key)) for p in processes) for key in _KEYS}
    return ParseOutcome(
        parser="bpmn",
        content_kind="bpmn",
        record_count=len(processes),
        document=document,
        metadata={"process_count": len(processes), **{f"{k}_count": v for k, v in counts.items()}},
    )


_KEYS = ("tasks", "events", "gateways", "flows", "lanes")


def _list(obj: JSONObject, key: str) -> list[JSONValue]:
    value = obj.get(key)
    return value if isinstance(value, list) else []


def bpmn_document(data: bytes | str) -> JSONObject:
    """Parse BPMN 2.0 XML text into the process document.

    Raises:
        ParseError: see `parse_bpmn`.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed XML: {exc.msg}", line=exc.lineno, column=exc.offset) from exc
    if root.tag != q("definitions"):
        raise ParseError(
            f"not a BPMN 2.0 document: root element is {etree.QName(root).localname!r}"
            f" in namespace {etree.QName(root).namespace!r}",
            line=root.sourceline,
        )
    ids: dict[str, int | None] = {}
    processes: list[JSONValue] = [_process(el, ids) for el in root.iterchildren(q("process"))]
    if not processes:
        raise ParseError("the BPMN document defines no process", line=root.sourceline)
    return {"processes": processes}


def _local(element: etree._Element) -> str | None:
    if not isinstance(element.tag, str):
        return None
    name = etree.QName(element)
    return str(name.localname) if name.namespace == BPMN_NS else None


def _id(element: etree._Element, ids: dict[str, int | None]) -> str:
    value = str(element.get("id") or "")
    if not value:
        raise ParseError(f"{_local(element)} without an id", line=element.sourceline)
    if value in ids:
        raise ParseError(f"duplicate id {value!r}", element=value, line=element.sourceline)
    ids[value] = element.sourceline
    return value


@dataclass
class _Process:
    ids: dict[str, int | None]
    tasks: list[JSONObject] = field(default_factory=list)
    events: list[JSONObject] = field(default_factory=list)
    gateways: list[JSONObject] = field(default_factory=list)
    flows: list[JSONObject] = field(default_factory=list)

    def container(self, element: etree._Element, parent: str | None) -> None:
        """Collect a process's or sub-process's direct children, then its sub-processes'."""
        nested: list[etree._Element] = []
        for child in element.iterchildren():
            local = _local(child)
            if local in TASK_TYPES:
                self.tasks.append(self._node(child, local, parent))
                if local in CONTAINER_TYPES:
                    nested.append(child)
            elif local in EVENT_TYPES:
                self.events.append(self._event(child, local, parent))
            elif local in GATEWAY_TYPES:
                node = self._node(child, local, parent)
                self.gateways.append({**node, "default": child.get("default")})
            elif local == "sequenceFlow":
                self.flows.append(self._flow(child, parent))
        for child in nested:
            self.container(child, child.get("id"))

    def _node(self, element: etree._Element, kind: str, parent: str | None) -> JSONObject:
        return {
            "id": _id(element, self.ids),
            "name": element.get("name"),
            "type": kind,
            "parent": parent,
        }

    def _event(self, element: etree._Element, kind: str, parent: str | None) -> JSONObject:
        definitions: list[JSONValue] = [
            _DEFINITION_TAGS[local]
            for child in element.iterchildren()
            if (local := _local(child)) in _DEFINITION_TAGS
        ]
        boundary = kind == "boundaryEvent"
        return {
            **self._node(element, kind, parent),
            "definitions": definitions,
            "attached_to": element.get("attachedToRef") if boundary else None,
            "cancel_activity": element.get("cancelActivity") != "false" if boundary else None,
        }

    def _flow(self, element: etree._Element, parent: str | None) -> JSONObject:
        condition = element.find(q("conditionExpression"))
        text = (condition.text or "").strip() if condition is not None else ""
        return {
            "id": _id(element, self.ids),
            "name": element.get("name"),
            "source": element.get("sourceRef"),
            "target": element.get("targetRef"),
            "condition": text or None,
            "parent": parent,
        }


def _lanes(
    lane_set: etree._Element, parent: str | None, ids: dict[str, int | None]
) -> list[JSONObject]:
    lanes: list[JSONObject] = []
    for lane in lane_set.iterchildren(q("lane")):
        lane_id = _id(lane, ids)
        refs: list[JSONValue] = [
            (ref.text or "").strip() for ref in lane.iterchildren(q("flowNodeRef"))
        ]
        lanes.append({"id": lane_id, "name": lane.get("name"), "elements": refs, "parent": parent})
        for child_set in lane.iterchildren(q("childLaneSet")):
            lanes.extend(_lanes(child_set, lane_id, ids))
    return lanes


def _process(element: etree._Element, ids: dict[str, int | None]) -> JSONObject:
    process_id = _id(element, ids)
    lanes = [lane for s in element.iterchildren(q("laneSet")) for lane in _lanes(s, None, ids)]
    body = _Process(ids)
    body.container(element, None)
    _check_references(body, lanes)
    return {
        "id": process_id,
        "name": element.get("name"),
        "tasks": list[JSONValue](body.tasks),
        "events": list[JSONValue](body.events),
        "gateways": list[JSONValue](body.gateways),
        "flows": list[JSONValue](body.flows),
        "lanes": list[JSONValue](lanes),
    }


def _check_references(body: _Process, lanes: list[JSONObject]) -> None:
    nodes = {str(n["id"]) for n in (*body.tasks, *body.events, *body.gateways)}
    flows = {str(f["id"]) for f in body.flows}
    activities = {str(t["id"]) for t in body.tasks}
    checks: list[tuple[JSONObject, str, set[str]]] = []
    checks += [(f, "source", nodes) for f in body.flows] + [
        (f, "target", nodes) for f in body.flows
    ]
    checks += [(g, "default", flows) for g in body.gateways if g["default"] is not None]
    checks += [(e, "attached_to", activities) for e in body.events if e["attached_to"] is not None]
    for item, key, known in checks:
        if item[key] not in known:
            _dangling(body, item, key, item[key])
    for lane in lanes:
        for ref in _list(lane, "elements"):
            if ref not in nodes:
                _dangling(body, lane, "elements", ref)


def _dangling(body: _Process, item: JSONObject, key: str, ref: JSONValue) -> None:
    element = str(item["id"])
    raise ParseError(
        f"{element}: {key} refers to unknown element {ref!r}",
        element=element,
        line=body.ids.get(element),
    )
