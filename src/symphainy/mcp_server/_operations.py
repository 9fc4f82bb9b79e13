"""The platform's declared operations as MCP tools (`platform.<operation>`).

Intents are the catalogue's tools; the operations around them (list and read executions,
cancel, schedules, artifacts, pending approvals, the WAL...) are tools too, generated from the
one operation table (`contracts._routes.OPERATIONS`), so a newly declared operation reaches
agents with no edit here. A tool call is the `ExperienceSDK` method the operation declares,
called on this connection's SDK: the platform checks the caller exactly as for any client.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from typing import Any

import mcp_types as types
from pydantic import BaseModel, TypeAdapter

from symphainy.contracts._operation import Operation
from symphainy.contracts._routes import OPERATIONS
from symphainy.errors import InvalidParameters
from symphainy.sdk import ExperienceSDK

PREFIX = "platform."
"""Operation tools' names start so; intent names are bare identifiers and cannot."""
_LEFT_OUT = frozenset({"create_session", "list_intents", "get_intent"})
"""The MCP layer manages its own session, and the intent catalogue is the tool list itself."""
_HAND_ROUTED = frozenset({"submit_intent"})
"""Routes each service writes by hand whose SDK method still answers JSON: submit returns at
once with the execution id (an intent's own tool waits for the result; this one can also delay
the start with `not_before`)."""
_ANSWER = TypeAdapter(Any)
"""Dumps any SDK answer (a model, a list of them, a document) to JSON-ready values."""


def offered(name: str, op: Operation) -> bool:
    """Whether an operation is offered as a tool: a JSON answer from an SDK method."""
    routed = op.generated or name in _HAND_ROUTED
    json_answer = routed and op.response is not None and op.call is not None
    return json_answer and op.served_by == "both" and name not in _LEFT_OUT


TOOL_OPERATIONS: Mapping[str, Operation] = {
    f"{PREFIX}{name}": op for name, op in OPERATIONS.items() if offered(name, op)
}
"""Tool name → operation, for every operation offered."""


def _input_schema(op: Operation) -> dict[str, Any]:
    """Path ids, query fields and body fields as one object schema (unknown keys refused)."""
    properties: dict[str, Any] = {i: {"type": "string"} for i in op.path_ids}
    required = list(op.path_ids)
    defs: dict[str, Any] = {}
    for model in (op.query, op.request):
        if model is None:
            continue
        schema = model.model_json_schema()
        properties.update(schema.get("properties", {}))
        required += schema.get("required", [])
        defs.update(schema.get("$defs", {}))
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if defs:
        schema["$defs"] = defs
    return schema


def _output_schema(op: Operation) -> dict[str, Any] | None:
    if isinstance(op.response, type) and issubclass(op.response, BaseModel):
        return op.response.model_json_schema()
    return None


def operation_tool(name: str, op: Operation) -> types.Tool:
    """One operation as an MCP tool."""
    method = getattr(ExperienceSDK, op.call or "")
    summary = (method.__doc__ or "").strip().splitlines()[0]
    return types.Tool(
        name=name,
        title=name.removeprefix(PREFIX).replace("_", " "),
        description=f"{summary} ({op.method} {op.path})",
        input_schema=_input_schema(op),
        output_schema=_output_schema(op),
    )


def operation_tools() -> list[types.Tool]:
    """Every offered operation, as a tool."""
    return [operation_tool(name, op) for name, op in TOOL_OPERATIONS.items()]


async def call_operation(
    sdk: ExperienceSDK, op: Operation, arguments: dict[str, Any]
) -> dict[str, Any]:
    """Call the operation's SDK method with `arguments` (wire names); its answer as JSON.

    A list answer comes back as `{"items": [...]}` (structured content is an object).
    """
    schema = _input_schema(op)
    unknown = sorted(set(arguments) - set(schema["properties"]))
    missing = sorted(set(schema.get("required", [])) - set(arguments))
    if unknown or missing:
        errors = [
            {"loc": [k], "msg": "unknown argument", "type": "extra_forbidden"} for k in unknown
        ]
        errors += [{"loc": [k], "msg": "required", "type": "missing"} for k in missing]
        raise InvalidParameters(f"arguments for {op.call!r} are invalid", errors=errors)
    kwargs = {op.argument(key): value for key, value in arguments.items()}
    answer = await getattr(sdk, op.call or "")(**_model_defaults(op, kwargs))
    value = _ANSWER.dump_python(answer, mode="json")
    return value if isinstance(value, dict) else {"items": value}


def _model_defaults(op: Operation, kwargs: dict[str, Any]) -> dict[str, Any]:
    # The wire model's default for each argument the method requires but the model does not
    # (submit's `parameters`): a call the input schema allows must never fail to bind.
    fields = {
        name: info
        for model in (op.query, op.request)
        if model is not None
        for name, info in model.model_fields.items()
    }
    method = inspect.signature(getattr(ExperienceSDK, op.call or ""))
    filled = dict(kwargs)
    for name, param in method.parameters.items():
        info = fields.get(op.wire_name(name))
        if name in filled or param.default is not param.empty or info is None:
            continue
        if not info.is_required():
            filled[name] = info.get_default(call_default_factory=True)
    return filled


def text(value: Any) -> list[types.ContentBlock]:
    """A JSON value as the text content every tool result also carries."""
    return [types.TextContent(text=json.dumps(value, indent=2, default=str, ensure_ascii=False))]


__all__ = ["PREFIX", "TOOL_OPERATIONS", "call_operation", "operation_tools", "text"]
