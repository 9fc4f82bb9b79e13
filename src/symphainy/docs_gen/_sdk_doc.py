"""The Experience SDK contract's generated sections: operations, shapes and problem types.

Operations come from the `ExperienceSDK` Protocol (signature, docstring, return type); the
HTTP side (method, path, body model, query and header parameters, response model) is read
from the Experience service's own routes, so the document says what the code does.
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute, APIWebSocketRoute
from pydantic import BaseModel

from symphainy import errors
from symphainy.contracts import fields_table
from symphainy.contracts._operation import protocol_members
from symphainy.contracts._routes import OPERATIONS
from symphainy.docs_gen._tables import signature_text
from symphainy.errors import ConfigurationError, SymphainyError
from symphainy.gateway import _auth, _executions, _operations, _resources, _sessions
from symphainy.sdk import ExperienceSDK


@dataclass(frozen=True, slots=True)
class HttpBinding:
    """Where an SDK operation lives on the Experience service."""

    method: str
    path: str
    note: str = ""


BINDINGS: dict[str, tuple[HttpBinding, ...]] = {
    "create_session": (HttpBinding("POST", "/api/session/create"),),
    "get_session": (HttpBinding("GET", "/api/session/{session_id}"),),
    "upgrade_session": (HttpBinding("PATCH", "/api/session/{session_id}/upgrade"),),
    "stage_upload": (
        HttpBinding("POST", "/api/uploads", "multipart/form-data with one part named `file`"),
    ),
    "query_state": (HttpBinding("GET", "/api/session/{session_id}/state"),),
    "invoke_intent": (HttpBinding("POST", "/api/intent/submit"),),
    "trigger_journey": (HttpBinding("POST", "/api/journey/trigger"),),
    "subscribe": (
        HttpBinding("GET", "/api/execution/{execution_id}/stream", "Server-Sent Events"),
        HttpBinding("WS", "/api/execution/{execution_id}/ws", "WebSocket"),
    ),
    "get_execution": (HttpBinding("GET", "/api/execution/{execution_id}/status"),),
    "wait": (HttpBinding("GET", "/api/execution/{execution_id}/status", "long poll: `?wait=`"),),
    "cancel": (HttpBinding("POST", "/api/execution/{execution_id}/cancel"),),
    "resolve_artifact": (HttpBinding("POST", "/api/artifact/resolve"),),
    "list_artifacts": (HttpBinding("POST", "/api/artifact/list"),),
    "list_executions": (HttpBinding("POST", "/api/execution/list"),),
    "artifact_lineage": (HttpBinding("GET", "/api/artifacts/{artifact_id}/lineage"),),
    "artifact_content": (
        HttpBinding("GET", "/api/artifacts/{artifact_id}/content", "the raw bytes"),
    ),
    "list_pending": (HttpBinding("POST", "/api/intent/pending/list"),),
    "watch_pending": (
        HttpBinding("GET", "/api/intent/pending/stream", "Server-Sent Events: `pending` frames"),
    ),
    "create_pending": (HttpBinding("POST", "/api/intent/pending/create"),),
    "decide_pending": (HttpBinding("POST", "/api/intent/pending/{intent_id}/decide"),),
    "list_journeys": (HttpBinding("GET", "/api/journeys"),),
    "list_intents": (HttpBinding("GET", "/api/intents"),),
    "list_realms": (HttpBinding("GET", "/api/realms"),),
    "wal_entries": (HttpBinding("GET", "/api/wal"),),
    "verify_wal": (HttpBinding("POST", "/api/wal/verify"),),
    "checkpoint_wal": (HttpBinding("POST", "/api/wal/checkpoint"),),
}
"""Every Protocol operation → its Experience service route(s); checked against the routes."""


def sdk_sections() -> dict[str, str]:
    """Section name → Markdown for EXPERIENCE_SDK_CONTRACT.md."""
    ops = operations()
    models = _models_of(ops)
    return {
        "sdk-operation-index": _index(ops),
        "sdk-operations": "\n".join(_operation(op) for op in ops),
        "sdk-models": "\n".join(_model(name, schema) for name, schema in sorted(models.items())),
        "sdk-problems": problems_table(),
    }


@dataclass(frozen=True, slots=True)
class Operation:
    """One SDK operation with what both transports need to know about it."""

    name: str
    signature: str
    doc: str
    returns: str
    routes: tuple[tuple[HttpBinding, Any], ...]


def operations() -> list[Operation]:
    """Every ExperienceSDK operation, in Protocol order, bound to its routes."""
    names = [
        n
        for n in protocol_members(ExperienceSDK)
        if not n.startswith("_") and callable(getattr(ExperienceSDK, n))
    ]
    bindings = {**_declared_bindings(), **BINDINGS}
    missing, extra = sorted(set(names) - set(bindings)), sorted(set(BINDINGS) - set(names))
    if missing or extra:
        raise ConfigurationError(
            f"add the Experience route of each new SDK operation to BINDINGS in {__name__}: "
            f"unbound operations {missing}, bindings without an operation {extra}"
        )
    table = _routes()
    return [_operation_of(name, table, bindings[name]) for name in names]


def _declared_bindings() -> dict[str, tuple[HttpBinding, ...]]:
    # An operation declared on its ExperienceSDK method (contracts._experience) needs no entry.
    ops = [op for op in OPERATIONS.values() if op.call and op.served_by != "runtime"]
    return {op.call: (HttpBinding(op.method, op.path),) for op in reversed(ops) if op.call}


def _operation_of(
    name: str, table: dict[tuple[str, str], Any], bindings: tuple[HttpBinding, ...]
) -> Operation:
    fn = getattr(ExperienceSDK, name)
    routes = []
    for binding in bindings:
        route = table.get((binding.method, binding.path))
        if route is None:
            raise ConfigurationError(f"{name}: no route {binding.method} {binding.path}")
        routes.append((binding, route))
    return Operation(
        name=name,
        signature=name + signature_text(fn),
        doc=inspect.getdoc(fn) or "",
        returns=_annotation(typing.get_type_hints(fn).get("return")),
        routes=tuple(routes),
    )


def _routes() -> dict[tuple[str, str], Any]:
    table: dict[tuple[str, str], Any] = {}
    for module in (_auth, _sessions, _operations, _executions, _resources):
        for route in module.router.routes:
            if isinstance(route, APIRoute):
                for method in route.methods or ():
                    table[(method, route.path)] = route
            elif isinstance(route, APIWebSocketRoute):
                table[("WS", route.path)] = route
    return table


def _annotation(tp: Any) -> str:
    text = str(tp) if typing.get_origin(tp) else getattr(tp, "__name__", str(tp))
    for prefix in (
        "symphainy.contracts._models.",
        "symphainy.contracts._journeys.",
        "symphainy.contracts._sdk.",
        "symphainy.contracts._wal.",
        "collections.abc.",
    ):
        text = text.replace(prefix, "")
    return text


def _index(ops: list[Operation]) -> str:
    rows = ["| Operation | HTTP (Experience service) | Returns |", "|---|---|---|"]
    for op in ops:
        http = "<br>".join(f"`{b.method} {b.path}`" for b, _ in op.routes)
        rows.append(f"| [`{op.name}`](#{op.name.replace('_', '-')}) | {http} | `{op.returns}` |")
    return "\n".join(rows) + "\n"


def _operation(op: Operation) -> str:
    lines = [
        f"### {op.name}\n",
        f"```python not-run: signature only\n{op.signature}\n```\n",
        op.doc + "\n",
    ]
    for binding, route in op.routes:
        lines.append(
            f"**HTTP:** `{binding.method} {binding.path}`"
            + (f" ({binding.note})" if binding.note else "")
            + "\n"
        )
        lines += _route_details(route)
    return "\n".join(lines)


def _route_details(route: Any) -> list[str]:
    if not isinstance(route, APIRoute):
        return []
    out = []
    dep = route.dependant
    params = [f"`{q.name}`" for q in dep.query_params]
    headers = [f"`{h.alias}`" for h in dep.header_params]
    if params:
        out.append(f"- Query: {', '.join(params)}")
    if headers:
        out.append(f"- Headers: {', '.join(headers)}")
    if route.body_field is not None:
        body = route.body_field.field_info.annotation
        out.append(f"- Request body: [`{_name(body)}`](#{_anchor(body)})")
    out.append(f"- Success: {route.status_code or 200}, body " + _response(route))
    return [*out, ""]


def _response(route: APIRoute) -> str:
    model = route.response_model
    if model is None:
        return "streamed (see the operation)"
    inner = typing.get_args(model)
    if typing.get_origin(model) is list and inner:
        return f"array of [`{_name(inner[0])}`](#{_anchor(inner[0])})"
    if isinstance(model, type) and issubclass(model, BaseModel):
        return f"[`{_name(model)}`](#{_anchor(model)})"
    return f"`{_annotation(model)}`"


def _name(tp: Any) -> str:
    return str(getattr(tp, "__name__", tp))


def _anchor(tp: Any) -> str:
    return _name(tp).lower()


def _models_of(ops: list[Operation]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for op in ops:
        for _, route in op.routes:
            if not isinstance(route, APIRoute):
                continue
            candidates = [route.response_model]
            if route.body_field is not None:
                candidates.append(route.body_field.field_info.annotation)
            for tp in candidates:
                for model in [tp, *typing.get_args(tp)]:
                    if isinstance(model, type) and issubclass(model, BaseModel):
                        _collect(model, found)
    return found


def _collect(model: type[BaseModel], found: dict[str, dict[str, Any]]) -> None:
    schema = model.model_json_schema()
    for name, sub in schema.pop("$defs", {}).items():
        found.setdefault(name, sub)
    found.setdefault(model.__name__, schema)


def _model(name: str, schema: dict[str, Any]) -> str:
    desc = str(schema.get("description", "")).strip()
    return f"#### {name}\n\n{desc}\n\n{fields_table(schema)}"


def problems_table() -> str:
    """Every problem type the platform answers with, from the exception tree."""
    rows = ["| `type` (after the base URI) | Status | Title | Meaning |", "|---|---|---|---|"]
    for cls in _error_classes():
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        rows.append(f"| `{cls.problem_type}` | {cls.status} | {cls.title} | {doc} |")
    return f"Base URI: `{errors.PROBLEM_BASE}`\n\n" + "\n".join(rows) + "\n"


def _error_classes() -> list[type[SymphainyError]]:
    # Every subclass loaded so far (the builder loads every capability first); one row per
    # problem type, the same row whatever the import order.
    found: list[type[SymphainyError]] = []
    pending: list[type[SymphainyError]] = [SymphainyError]
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("symphainy."):  # not a test's or a plugin's own error
            found.append(cls)
        pending.extend(cls.__subclasses__())
    rows: dict[str, type[SymphainyError]] = {}
    for cls in sorted(found, key=lambda c: (c.__module__, c.__qualname__)):
        rows.setdefault(cls.problem_type, cls)
    return sorted(rows.values(), key=lambda c: (c.status, c.problem_type))
