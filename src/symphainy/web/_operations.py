"""Routes generated from the declared operations: a service says only what they act on.

`mount_operations` mounts one route per `ExperienceSDK` operation a service serves (method,
path, path ids, query and body models, answer, status and scope from `contracts.OPERATIONS`)
and runs it as `target.<method>(**path ids, **query fields, **body fields)` over an
ExperienceSDK-shaped target: the caller's SDK on the Experience service, the runtime's caller
facade on the Runtime API. Some routes stay written by hand in each service because HTTP is
more than one JSON answer there: the event stream (SSE) and the WebSocket, uploads (multipart
on the Experience service, a raw body on the Runtime API), content downloads (bytes with
headers), submit (200 for a deduplicated intent, 202 otherwise, and the `Idempotency-Key`
header), the WAL page (the SDK's `wal_entries` answers its list), and upgrade (each service
proves the anonymous session its own way).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from symphainy.contracts._experience import ExperienceSDK
from symphainy.contracts._operation import Operation, Scope, Service
from symphainy.contracts._routes import OPERATIONS
from symphainy.web._routing import PathId

Endpoint = Callable[..., Awaitable[Any]]


def generated_operations(service: Service) -> dict[str, Operation]:
    """The operations `service` serves through generated routes."""
    return {
        name: op
        for name, op in OPERATIONS.items()
        if op.call is not None and op.generated and op.served_by in ("both", service)
    }


def mount_operations(router: APIRouter, service: Service, targets: Mapping[Scope, Any]) -> None:
    """Mount a route for every generated operation `service` serves.

    Args:
        router: Where to mount (its route class and problem responses apply).
        service: `experience` or `runtime`.
        targets: Scope → the FastAPI dependency (an `Annotated[..., Depends(...)]`) that
            checks the caller and yields what the operation runs on (e.g. the caller's SDK).
    """
    for name, op in generated_operations(service).items():
        assert op.call is not None  # generated_operations keeps declared methods only
        router.add_api_route(
            op.path,
            _endpoint(op, targets[op.scope]),
            methods=[op.method],
            name=name,
            response_model=op.response,
            status_code=op.status,
            operation_id=name,
            summary=name.replace("_", " ").capitalize(),
            description=inspect.getdoc(getattr(ExperienceSDK, op.call)) or None,
        )


def _endpoint(op: Operation, target: Any) -> Endpoint:
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("target", keyword, annotation=target)]
    params += [inspect.Parameter(i, keyword, annotation=PathId) for i in op.path_ids]
    params += _query_params(op)
    if op.request is not None:
        body: Any = op.request
        if op.optional:
            body = Annotated[op.request, Body(default_factory=op.request)]
        params.append(inspect.Parameter("body", keyword, annotation=body))

    async def endpoint(**kwargs: Any) -> Any:
        sdk = kwargs.pop("target")
        body = kwargs.pop("body", None)
        if body is not None:  # every field: the model's defaults are the method's
            # Top-level fields only: a nested model (a batch's items) reaches the method as the
            # checked model it is, not dumped for the method to check again.
            kwargs.update(dict(body))
        return await getattr(sdk, str(op.call))(**{op.argument(k): v for k, v in kwargs.items()})

    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return endpoint


def _query_params(op: Operation) -> list[inspect.Parameter]:
    # One query parameter per field of the query model, with its constraints, so each is
    # documented (and refused when unknown on the Runtime API) under its own name.
    fields = op.query.model_fields if op.query is not None else {}
    return [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[(f.annotation, Query(description=f.description), *f.metadata)],
            default=f.default,
        )
        for name, f in fields.items()
    ]
