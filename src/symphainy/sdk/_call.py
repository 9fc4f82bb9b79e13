"""`Call`: one Runtime API request without I/O, what to send and how to read the answer.

Also its readers, and `operation_call`, which builds the `Call` of any declared operation by
name; the typed builders, one per operation, are in `_runtime_calls`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_jsonable_python

from symphainy.contracts import SessionView
from symphainy.contracts._routes import OPERATIONS
from symphainy.contracts._search import attributes_json
from symphainy.sdk._errors import error_from_problem

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
JSON = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One Runtime API request and the reader of its answer."""

    operation: str
    read: Callable[[bytes], T]
    path_params: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] | None = None
    body: BaseModel | None = None
    headers: Mapping[str, str] | None = None
    accept: frozenset[int] = frozenset()
    """Error statuses whose body is still an answer (e.g. 503 from /ready)."""
    files: Mapping[str, tuple[str, bytes]] | None = None
    """A multipart body (the Experience service's uploads)."""
    document: JSON | None = None
    """A JSON body without a wire model (the Experience service's sign-in forms)."""
    content: Any = None
    """A raw body: bytes or an (async) iterator of them (`stage_upload`)."""

    def request(self, client: httpx.Client | httpx.AsyncClient, token: str) -> httpx.Request:
        """The HTTP request, under the route's method and path."""
        route = OPERATIONS[self.operation]
        path = route.path.format_map({k: quote(v, safe="") for k, v in self.path_params.items()})
        headers = dict(self.headers or {})
        if token:  # no token: only the public routes (/health, /ready) will answer
            headers["Authorization"] = f"Bearer {token}"
        # Defaults are left out: the server's model has the same ones, and a body the
        # Experience service narrows (e.g. submit without `intent_id`) still fits.
        content = self.content
        if self.body is not None:
            content = self.body.model_dump_json(exclude_defaults=True)
        if content is not None:
            headers["Content-Type"] = "application/json"
        return client.build_request(
            route.method,
            path,
            params=self.params,
            content=content,
            headers=headers,
            files=self.files,
            json=self.document,
        )

    def answer(self, response: httpx.Response) -> T:
        """The parsed answer, or the typed error the problem body names."""
        if response.is_error and response.status_code not in self.accept:
            raise error_from_problem(response.status_code, response.content)
        return self.read(response.content)


def model(cls: type[M]) -> Callable[[bytes], M]:
    """Reader for one wire model."""
    return cls.model_validate_json


@functools.cache  # building a TypeAdapter costs more than the request it reads
def models(cls: type[M]) -> Callable[[bytes], list[M]]:
    """Reader for a JSON array of wire models."""
    return TypeAdapter(list[cls]).validate_json  # type: ignore[valid-type]


def raw(content: bytes) -> bytes:
    """Reader for bytes."""
    return content


def document(content: bytes) -> Any:
    """Reader for a JSON document without a wire model (`None` for an empty answer)."""
    return json.loads(content) if content else None


def _id_of(value: Any) -> Any:
    return value.session_id if isinstance(value, SessionView) else value  # a SessionRef


@functools.cache
def _reader(name: str) -> Callable[[bytes], Any]:
    return TypeAdapter(OPERATIONS[name].response).validate_json


def operation_call(name: str, arguments: Mapping[str, Any]) -> Call[Any]:
    """Any declared operation, from its `ExperienceSDK` method's arguments.

    Path ids fill the path, query fields the query string, the rest is the JSON body, as
    given: left-out (None) arguments are left out, so the server's defaults apply and an
    unknown filter comes back as its 422, as from every other SDK.
    """
    op = OPERATIONS[name]
    wire = {op.wire_name(k): _id_of(v) for k, v in arguments.items() if v is not None}
    path = {i: str(wire.pop(i)) for i in op.path_ids}
    fields = op.query.model_fields if op.query is not None else {}
    query = {k: wire.pop(k) for k in list(wire) if k in fields}
    if wire and op.request is None:
        raise TypeError(f"{name} takes no {', '.join(sorted(wire))}")
    for key in ("search_attributes", "exclude_attributes"):
        if key in wire:  # a datetime value is tagged, not sent as a bare string
            wire[key] = attributes_json(wire[key])
    body = to_jsonable_python(wire) if op.request else None  # datetimes as RFC 3339 text
    return Call(name, _reader(name), path, query or None, document=body)
