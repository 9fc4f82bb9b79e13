"""Markdown tables of JSON Schemas: the one way every generated document shows a shape."""

from __future__ import annotations

import inspect
import json
from typing import Any


def fields_table(schema: dict[str, Any]) -> str:
    """One row per property, then the fields of every nested model the table refers to.

    A field typed by another model shows that model's name (`array of `StatusSummary``);
    the model's own table follows, so a reader never meets a shape without its fields.
    """
    defs: dict[str, Any] = schema.get("$defs", {})
    parts = [_rows(schema)]
    for name in _referenced(schema, defs, []):
        parts.append(_nested(name, defs[name]))
    return "\n".join(parts)


def _nested(name: str, schema: dict[str, Any]) -> str:
    desc = " ".join(str(schema.get("description", "")).split())
    head = f"`{name}`" + (f": {desc}" if desc else "")
    if "properties" in schema or schema.get("type") == "object":
        return f"{head}\n\n{_rows(schema)}"
    return f"{head} ({type_of(schema)})\n"


def _referenced(node: Any, defs: dict[str, Any], seen: list[str]) -> list[str]:
    # Depth-first, in the order the fields name them; each nested model once.
    if isinstance(node, list):
        for item in node:
            _referenced(item, defs, seen)
    elif isinstance(node, dict):
        name = str(node.get("$ref", "")).rsplit("/", 1)[-1]
        if name in defs and name not in seen:
            seen.append(name)
            _referenced(defs[name], defs, seen)
        for key, value in node.items():
            if key != "$defs":
                _referenced(value, defs, seen)
    return seen


def _rows(schema: dict[str, Any]) -> str:
    props: dict[str, Any] = schema.get("properties", {})
    if not props:
        return "_none_\n"
    required = set(schema.get("required", []))
    rows = ["| Field | Type | Required | Description |", "|---|---|---|---|"]
    for name, prop in props.items():
        desc = " ".join(filter(None, [_limits(prop), str(prop.get("description", ""))]))
        rows.append(
            f"| `{name}` | {cell(type_of(prop))} | {'yes' if name in required else 'no'} | "
            f"{cell(desc)} |"
        )
    return "\n".join(rows) + "\n"


def type_of(prop: dict[str, Any]) -> str:
    """A readable type for one JSON Schema node."""
    if "enum" in prop:
        return "one of " + ", ".join(json.dumps(v) for v in prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    if "$ref" in prop:
        return f"`{str(prop['$ref']).rsplit('/', 1)[-1]}`"
    if "anyOf" in prop:
        return " or ".join(type_of(p) for p in prop["anyOf"])
    if prop.get("type") == "array" and "items" in prop:
        return f"array of {type_of(prop['items'])}"
    if "type" in prop:
        fmt = prop.get("format")
        return f"{prop['type']} ({fmt})" if fmt else str(prop["type"])
    return "any"


_LIMITS = (
    ("minLength", "min length {}"),
    ("maxLength", "max length {}"),
    ("minimum", "≥ {}"),
    ("maximum", "≤ {}"),
    ("pattern", "pattern `{}`"),
)


def _limits(prop: dict[str, Any]) -> str:
    nodes = [prop, *prop.get("anyOf", [])]
    parts = [text.format(n[key]) for n in nodes for key, text in _LIMITS if key in n]
    if "default" in prop:
        parts.append(f"default `{json.dumps(prop['default'])}`")
    return f"({'; '.join(parts)})" if parts else ""


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (pipes escaped, one line)."""
    return text.replace("\n", " ").replace("|", "\\|")


class _Text(str):
    # A postponed annotation ("str | None") printed as written, not as a quoted string.
    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def signature_text(fn: Any) -> str:
    """`fn`'s signature as source text, without `self`."""
    sig = inspect.signature(fn)
    params = [
        p.replace(annotation=_plain(p.annotation))
        for name, p in sig.parameters.items()
        if name != "self"
    ]
    return str(sig.replace(parameters=params, return_annotation=_plain(sig.return_annotation)))


def _plain(annotation: Any) -> Any:
    return _Text(annotation) if isinstance(annotation, str) else annotation
