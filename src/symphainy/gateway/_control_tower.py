"""Control Tower routes (admin only): each submits its Control Tower intent through the SDK.

The admin role is checked here (403 problem+json otherwise) and again by the runtime when the
intent is submitted. A route waits for its execution and answers with the result, or with the
execution's own problem (e.g. 403 for `scope=platform` outside an operator tenant).

Routes mirror upstream's `/api/admin/control-room/*` and `/api/admin/developer/*` names under
one prefix. Every call is an execution in the caller's session, recorded like any other.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import JSONResponse
from pydantic import Field

from symphainy.contracts import WireRequest
from symphainy.contracts._storable import ID_PATTERN, Identifier
from symphainy.errors import ExecutionTimeout
from symphainy.gateway._deps import SDK, Admin
from symphainy.sdk import ExperienceSDK, error_from_problem
from symphainy.web import PathId, api_router

router = api_router(prefix="/api/control-tower", tags=["control tower"])

WAIT_SECONDS = 60.0
INTERNAL_READ = {"console.internal": True}
"""Marks a dashboard read, so execution lists can leave it out (`exclude_attributes`), as the
console does with its own quiet reads."""
SessionId = Annotated[str, Query(min_length=1, max_length=64, pattern=ID_PATTERN)]
Scope = Annotated[Literal["tenant", "platform"], Query()]
TimeRange = Annotated[str, Query(max_length=8)]
Name = Annotated[str | None, Query(max_length=128)]


async def run_intent(
    sdk: ExperienceSDK, intent_type: str, parameters: dict[str, Any], session_id: str
) -> JSONResponse:
    """Submit, wait, and answer with the result or the execution's problem."""
    submitted = await sdk.invoke_intent(
        intent_type, parameters, session_id, search_attributes=INTERNAL_READ
    )
    try:
        view = await sdk.wait(submitted.execution_id, timeout=WAIT_SECONDS)
    except TimeoutError:
        raise ExecutionTimeout(
            f"{intent_type} did not finish in {WAIT_SECONDS:g} s",
            execution_id=submitted.execution_id,
        ) from None
    if view.status != "completed":
        problem = view.error.model_dump() if view.error is not None else {}
        raise error_from_problem(int(problem.get("status", 500)), json.dumps(problem).encode())
    return JSONResponse(view.result)


@router.get("/statistics")
async def statistics(
    admin: Admin, sdk: SDK, session_id: SessionId, scope: Scope = "tenant"
) -> JSONResponse:
    """Tenants, users, sessions, executions by state, artifacts by type."""
    return await run_intent(sdk, "get_platform_statistics", {"scope": scope}, session_id)


@router.get("/system-health")
async def system_health(
    admin: Admin, sdk: SDK, session_id: SessionId, scope: Scope = "tenant"
) -> JSONResponse:
    """Store, blob store, workers, queue depth and the oldest waiting execution."""
    return await run_intent(sdk, "get_system_health", {"scope": scope}, session_id)


def _windowed(intent_type: str, summary: str) -> Callable[..., Awaitable[JSONResponse]]:
    async def route(
        admin: Admin,
        sdk: SDK,
        session_id: SessionId,
        time_range: TimeRange = "1h",
        scope: Scope = "tenant",
    ) -> JSONResponse:
        params = {"time_range": time_range, "scope": scope}
        return await run_intent(sdk, intent_type, params, session_id)

    route.__doc__ = summary
    return route


router.add_api_route(
    "/execution-metrics",
    _windowed(
        "get_execution_metrics", "Throughput, success rate and latency percentiles per intent type."
    ),
    methods=["GET"],
)
router.add_api_route(
    "/realm-health",
    _windowed(
        "get_realm_health", "Per capability: intents, executions finished and failed, failures."
    ),
    methods=["GET"],
)


@router.get("/documentation")
async def documentation(
    admin: Admin, sdk: SDK, session_id: SessionId, section: Name = None
) -> JSONResponse:
    """Generated intent-contract documents of a section (intent, realm or index)."""
    return await run_intent(sdk, "get_documentation", {"section": section}, session_id)


@router.get("/code-examples")
async def code_examples(
    admin: Admin, sdk: SDK, session_id: SessionId, category: Name = None
) -> JSONResponse:
    """SDK and HTTP examples per intent, for a realm or intent type."""
    return await run_intent(sdk, "get_code_examples", {"category": category}, session_id)


@router.get("/patterns")
async def patterns(admin: Admin, sdk: SDK, session_id: SessionId) -> JSONResponse:
    """Usage patterns and the intents that follow each."""
    return await run_intent(sdk, "get_patterns", {}, session_id)


@router.get("/solutions")
async def solutions(
    admin: Admin,
    sdk: SDK,
    session_id: SessionId,
    active_only: bool = False,
    time_range: TimeRange = "24h",
    scope: Scope = "tenant",
) -> JSONResponse:
    """Registered solutions and their use in the window."""
    params = {"active_only": active_only, "time_range": time_range, "scope": scope}
    return await run_intent(sdk, "list_solutions", params, session_id)


@router.get("/solutions/{solution_id}")
async def solution_status(
    solution_id: PathId,
    admin: Admin,
    sdk: SDK,
    session_id: SessionId,
    time_range: TimeRange = "24h",
    scope: Scope = "tenant",
) -> JSONResponse:
    """One solution: its journeys and its executions' outcomes and latency."""
    params = {"solution_id": solution_id, "time_range": time_range, "scope": scope}
    return await run_intent(sdk, "get_solution_status", params, session_id)


class SolutionCheck(WireRequest):
    """A solution definition to validate, in one of the caller's sessions."""

    session_id: Identifier = Field(max_length=64)
    solution_config: dict[str, Any]


@router.post("/validate-solution")
async def validate_solution(admin: Admin, sdk: SDK, body: SolutionCheck) -> JSONResponse:
    """Field-level problems of a solution definition (nothing is registered)."""
    params = {"solution_config": body.solution_config, "preview": False}
    return await run_intent(sdk, "validate_solution", params, body.session_id)


@router.post("/preview-solution")
async def preview_solution(admin: Admin, sdk: SDK, body: SolutionCheck) -> JSONResponse:
    """As validate-solution, plus the normalised definition when it parses."""
    params = {"solution_config": body.solution_config, "preview": True}
    return await run_intent(sdk, "validate_solution", params, body.session_id)


# Upstream's `/api/admin/business/*`: the solution builder. Each route submits its intent; a
# composition naming an unknown journey or intent is refused at submit (422, field by field).


@router.get("/composition-guide")
async def composition_guide(
    admin: Admin, sdk: SDK, session_id: SessionId, realm: Name = None
) -> JSONResponse:
    """How to compose a solution, from the journeys and intents registered now."""
    return await run_intent(sdk, "get_composition_guide", {"realm": realm}, session_id)


@router.get("/templates")
async def templates(admin: Admin, sdk: SDK, session_id: SessionId) -> JSONResponse:
    """Solution templates, their options, and whether all they name is registered."""
    return await run_intent(sdk, "get_solution_templates", {}, session_id)


class SolutionRequest(WireRequest):
    """An intent's parameters, sent in one of the caller's sessions."""

    session_id: Identifier = Field(max_length=64)
    parameters: dict[str, Any]


@router.post("/compose")
async def compose(admin: Admin, sdk: SDK, body: SolutionRequest) -> JSONResponse:
    """Store a solution of registered journeys and intents (compose_solution's parameters)."""
    return await run_intent(sdk, "compose_solution", body.parameters, body.session_id)


@router.post("/create-from-template")
async def create_from_template(admin: Admin, sdk: SDK, body: SolutionRequest) -> JSONResponse:
    """Make a solution from a template (create_solution_from_template's parameters)."""
    return await run_intent(sdk, "create_solution_from_template", body.parameters, body.session_id)


@router.post("/manage-solution")
async def manage(admin: Admin, sdk: SDK, body: SolutionRequest) -> JSONResponse:
    """List, read, update, archive or delete composed solutions (manage_solution's parameters)."""
    return await run_intent(sdk, "manage_solution", body.parameters, body.session_id)


@router.get("/composed-solutions/{solution_id}/metrics")
async def solution_metrics(
    solution_id: PathId,
    admin: Admin,
    sdk: SDK,
    session_id: SessionId,
    time_range: TimeRange = "24h",
) -> JSONResponse:
    """A composed solution's executions per intent and journey: outcomes and latency."""
    params = {"solution_id": solution_id, "time_range": time_range}
    return await run_intent(sdk, "get_solution_metrics", params, session_id)
