"""Serialise the BPMN process document (see `bpmn_parser`) back to BPMN 2.0 XML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree

from symphainy.errors import InvalidParameters
from symphainy.parsers.bpmn_parser import (
    BPMN_NS,
    CONTAINER_TYPES,
    EVENT_DEFINITIONS,
    EVENT_TYPES,
    GATEWAY_TYPES,
    TASK_TYPES,
    q,
)

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
TARGET_NS = "https://symphainy.dev/bpmn"
Item = Mapping[str, object]


def write_bpmn(document: Mapping[str, object]) -> str:
    """Serialise `{"processes": [...]}` to BPMN 2.0 XML.

    Elements are nested under their `parent` sub-process and lanes under their parent
    lane; the output parses back to an equal document.

    Args:
        document: the document produced by `parse_bpmn` (or one with the same shape).

    Returns:
        The XML text, UTF-8, with an XML declaration.

    Raises:
        InvalidParameters: the document does not have the expected shape.
    """
    root = etree.Element(q("definitions"), nsmap={"bpmn": BPMN_NS, "xsi": XSI_NS})
    root.set("id", "Definitions_1")
    root.set("targetNamespace", TARGET_NS)
    for process in _items(document, "processes"):
        element = etree.SubElement(root, q("process"))
        _attrs(element, id=_text(process, "id"), name=_opt(process, "name"))
        _lane_set(element, _items(process, "lanes"), None)
        _container(element, process, None)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml.decode("utf-8")


def _items(obj: Item, key: str) -> list[Item]:
    value = obj.get(key, [])
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        raise InvalidParameters(f"{key!r} must be a list", field=key)
    if not all(isinstance(v, Mapping) for v in value):
        raise InvalidParameters(f"every entry of {key!r} must be an object", field=key)
    return list(value)


def _text(obj: Item, key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidParameters(f"{key!r} must be a non-empty string", field=key, value=value)
    return value


def _opt(obj: Item, key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidParameters(f"{key!r} must be a string or null", field=key, value=value)
    return value


def _kind(obj: Item, allowed: Sequence[str]) -> str:
    kind = _text(obj, "type")
    if kind not in allowed:
        raise InvalidParameters(
            f"unknown element type {kind!r}", field="type", allowed=list(allowed)
        )
    return kind


def _attrs(element: etree._Element, **values: str | None) -> None:
    for key, value in values.items():
        if value is not None:
            element.set(key, value)


def _children(items: list[Item], parent: str | None) -> list[Item]:
    return [item for item in items if _opt(item, "parent") == parent]


def _container(element: etree._Element, process: Item, parent: str | None) -> None:
    for task in _children(_items(process, "tasks"), parent):
        kind = _kind(task, TASK_TYPES)
        child = etree.SubElement(element, q(kind))
        _attrs(child, id=_text(task, "id"), name=_opt(task, "name"))
        if kind in CONTAINER_TYPES:
            _container(child, process, _text(task, "id"))
    for event in _children(_items(process, "events"), parent):
        _event(element, event)
    for gateway in _children(_items(process, "gateways"), parent):
        child = etree.SubElement(element, q(_kind(gateway, GATEWAY_TYPES)))
        _attrs(
            child,
            id=_text(gateway, "id"),
            name=_opt(gateway, "name"),
            default=_opt(gateway, "default"),
        )
    for flow in _children(_items(process, "flows"), parent):
        _flow(element, flow)


def _event(element: etree._Element, event: Item) -> None:
    kind = _kind(event, EVENT_TYPES)
    child = etree.SubElement(element, q(kind))
    _attrs(child, id=_text(event, "id"), name=_opt(event, "name"))
    if kind == "boundaryEvent":
        child.set("attachedToRef", _text(event, "attached_to"))
        if event.get("cancel_activity") is False:
            child.set("cancelActivity", "false")
    definitions = event.get("definitions") or []
    if not isinstance(definitions, list) or not set(definitions) <= set(EVENT_DEFINITIONS):
        raise InvalidParameters(
            "'definitions' must list event definition kinds",
            field="definitions",
            allowed=list(EVENT_DEFINITIONS),
        )
    for definition in definitions:
        etree.SubElement(child, q(f"{definition}EventDefinition"))


def _flow(element: etree._Element, flow: Item) -> None:
    child = etree.SubElement(element, q("sequenceFlow"))
    _attrs(
        child,
        id=_text(flow, "id"),
        name=_opt(flow, "name"),
        sourceRef=_text(flow, "source"),
        targetRef=_text(flow, "target"),
    )
    condition = _opt(flow, "condition")
    if condition:
        expression = etree.SubElement(child, q("conditionExpression"))
        expression.set(f"{{{XSI_NS}}}type", "bpmn:tFormalExpression")
        expression.text = condition


def _lane_set(element: etree._Element, lanes: list[Item], parent: str | None) -> None:
    children = _children(lanes, parent)
    if not children:
        return
    lane_set = etree.SubElement(element, q("laneSet" if parent is None else "childLaneSet"))
    for lane in children:
        child = etree.SubElement(lane_set, q("lane"))
        _attrs(child, id=_text(lane, "id"), name=_opt(lane, "name"))
        refs = lane.get("elements") or []
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise InvalidParameters("lane 'elements' must be a list of ids", field="elements")
        for ref in refs:
            etree.SubElement(child, q("flowNodeRef")).text = ref
        _lane_set(child, lanes, _text(lane, "id"))
