"""The layout metadata of one copybook item, as JSON."""

from __future__ import annotations

from symphainy.parsers.copybook._clauses import Condition
from symphainy.parsers.copybook._elements import Element
from symphainy.parsers.copybook._tree import Item
from symphainy.parsers.copybook._values import ValueOptions
from symphainy.types import JSONObject, JSONValue


def item_json(item: Item, values: ValueOptions) -> JSONObject:
    """One item of the layout as JSON: offset, length, usage, PIC, type, conditions."""
    out: JSONObject = {
        "path": item.path,
        "name": item.label,
        "level": item.level,
        "line": item.line,
        "offset": item.offset,
        "length": item.size,
        "group": bool(item.children),
        "usage": item.usage,
        "pic": item.pic.text if item.pic else None,
        "filler": item.name is None,
    }
    if item.element is not None:
        # The value options change the decoded type (strict_integral_precision).
        out.update(_element_json(values.element(item.element)))
    if item.occurs is not None:
        depending = " OF ".join(item.occurs.depending_on or ()) or None
        out["occurs"] = {"min": item.occurs.min, "max": item.occurs.max, "depending_on": depending}
        out["total_length"] = item.total_size
    if item.redefines is not None:
        out["redefines"] = item.redefines
    if item.conditions:
        out["conditions"] = [_condition_json(c) for c in item.conditions]
    return out


def _element_json(element: Element) -> JSONObject:
    out: JSONObject = {"type": element.kind, "dtype": str(element.arrow_type())}
    if element.numeric and element.kind != "float":
        out.update(digits=element.digits, scale=element.scale, signed=element.signed)
        if element.multiplier != 1:
            out["multiplier"] = element.multiplier
    if element.signed and element.kind == "zoned":
        position = "leading" if element.sign_leading else "trailing"
        out["sign"] = {"position": position, "separate": element.sign_separate}
    return out


def _condition_json(condition: Condition) -> JSONObject:
    values: list[JSONValue] = list(condition.values)
    ranges: list[JSONValue] = [list(pair) for pair in condition.ranges]
    return {"name": condition.name, "values": values, "ranges": ranges}
