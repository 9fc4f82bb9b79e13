"""Routes generated from the operations table: a service says only how it runs each one.

`mount_operations` reads method, path, body model, answer, status and scope from
`contracts._routes.OPERATIONS`, so a service cannot serve an operation under another path or
shape than the table (and the clients, which read the same table) say.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter

from symphainy.contracts._routes import OPERATIONS, Operation, Scope
from symphainy.web._routing import PathId

Handler = Callable[..., Awaitable[Any]]
"""Runs one operation: `handler(target, **path_ids, body=...)` → the answer's model."""


def mount_operations(
    router: APIRouter, handlers: Mapping[str, Handler], targets: Mapping[Scope, Any]
) -> None:
    """Mount one route per handler, at its operation's path.

    Args:
        router: Where to mount (its route class and problem responses apply).
        handlers: Operation name → how this service runs it.
        targets: Scope → the FastAPI dependency (an `Annotated[..., Depends(...)]`) that
            checks the caller and yields what a handler acts on (e.g. the caller's SDK).
    """
    for name, handler in handlers.items():
        op = OPERATIONS[name]
        router.add_api_route(
            op.path,
            _endpoint(op, handler, targets[op.scope]),
            methods=[op.method],
            name=name,
            response_model=op.response,
            status_code=op.status,
            summary=name.replace("_", " ").capitalize(),
            description=inspect.getdoc(handler) or None,
        )


def _endpoint(op: Operation, handler: Handler, target: Any) -> Handler:
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("target", keyword, annotation=target)]
    params += [inspect.Parameter(i, keyword, annotation=PathId) for i in path_ids(op.path)]
    if op.request is not None:
        params.append(inspect.Parameter("body", keyword, annotation=op.request))

    async def endpoint(**kwargs: Any) -> Any:
        return await handler(kwargs.pop("target"), **kwargs)

    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return endpoint


def path_ids(path: str) -> list[str]:
    """The `{placeholders}` of a path template, in order."""
    return [field for _, field, _, _ in string.Formatter().parse(path) if field]
