"""Solutions in the Control Tower: validate a definition against the registry (field by field).

A solution definition has the shape of `symphainy.runtime`'s registered solutions: an id, a
name, a description, and the journeys and intents it bundles. Validation registers nothing;
its answer is the list of problems, each located by a path into `solution_config`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from symphainy.capabilities.control_tower import _models as m
from symphainy.runtime import Catalogue, ExecutionContext, Solution

ROOT = "solution_config"


class SolutionDefinition(BaseModel):
    """What a solution declares."""

    model_config = ConfigDict(extra="forbid")

    solution_id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    name: str = Field(min_length=1, max_length=128)
    description: str = Field(default="", max_length=2000)
    journeys: list[str] = Field(default_factory=list, max_length=200)
    intents: list[str] = Field(default_factory=list, max_length=500)


def known_journeys(registry: Catalogue) -> set[str]:
    """Journey ids the registry knows."""
    return {j.journey_id for j in registry.journeys()}


def _shape_errors(
    config: dict[str, Any], root: str
) -> tuple[SolutionDefinition | None, list[m.FieldError]]:
    try:
        return SolutionDefinition.model_validate(config), []
    except ValidationError as exc:
        return None, [
            m.FieldError(loc=[root, *e["loc"]], msg=e["msg"], type=e["type"])
            for e in exc.errors(include_url=False, include_input=False)
        ]


def _reference_errors(
    field: str, names: list[str], known: set[str], kind: str, root: str = ROOT
) -> Iterable[m.FieldError]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            yield m.FieldError(
                loc=[root, field, i], msg=f"{name!r} is listed twice", type="duplicate"
            )
        elif name not in known:
            yield m.FieldError(
                loc=[root, field, i],
                msg=f"no {kind} {name!r} is registered",
                type=f"unknown_{kind}",
            )
        seen.add(name)


def reference_errors(
    registry: Catalogue, journeys: list[str], intents: list[str], root: str = ROOT
) -> list[m.FieldError]:
    """Problems with the journeys and intents a solution names (unknown, listed twice)."""
    known = {spec.intent_type for spec in registry}
    errors = list(_reference_errors("intents", intents, known, "intent", root))
    return errors + list(
        _reference_errors("journeys", journeys, known_journeys(registry), "journey", root)
    )


def check(
    registry: Catalogue, config: dict[str, Any], root: str = ROOT
) -> tuple[SolutionDefinition | None, list[m.FieldError]]:
    """The parsed definition (None if malformed) and every problem with it.

    `root` is where the errors are located (the field holding the definition).
    """
    definition, errors = _shape_errors(config, root)
    if definition is None:
        return None, errors
    errors += reference_errors(registry, definition.journeys, definition.intents, root)
    if definition.solution_id in {s.solution_id for s in registry.solutions()}:
        errors.append(
            m.FieldError(
                loc=[root, "solution_id"],
                msg=f"solution {definition.solution_id!r} is already registered",
                type="duplicate",
            )
        )
    if not definition.intents and not definition.journeys:
        errors.append(
            m.FieldError(
                loc=[root], msg="a solution bundles at least one journey or intent", type="empty"
            )
        )
    return definition, errors


async def validate_solution(
    ctx: ExecutionContext, p: m.ValidateSolutionParams
) -> m.ValidateSolutionResult:
    """Check a solution definition; with `preview`, also return it normalised."""
    definition, errors = check(ctx.catalogue, p.solution_config)
    preview = definition.model_dump() if p.preview and definition is not None else None
    return m.ValidateSolutionResult(valid=not errors, errors=errors, solution=preview)


def _at(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _summary(solution: Solution, activity: tuple[int, float] | None) -> m.SolutionSummary:
    count, last = activity if activity is not None else (0, None)
    return m.SolutionSummary(
        solution_id=solution.solution_id,
        name=solution.name,
        description=solution.description,
        journeys=list(solution.journeys),
        intents=list(solution.intents),
        executions=count,
        last_execution_at=_at(last),
        active=count > 0,
    )


async def list_solutions(ctx: ExecutionContext, p: m.ListSolutionsParams) -> m.ListSolutionsResult:
    """Registered solutions and their use in the window (`active_only`: the used ones)."""
    metrics = ctx.metrics
    tenant = metrics.scope(ctx.tenant_id, p.scope)
    since = time.time() - m.range_seconds(p.time_range)
    activity = await metrics.solution_activity(tenant, since)
    summaries = [_summary(s, activity.get(s.solution_id)) for s in ctx.catalogue.solutions()]
    return m.ListSolutionsResult(
        scope=p.scope,
        time_range=p.time_range,
        solutions=[s for s in summaries if s.active or not p.active_only],
    )


async def get_solution_status(
    ctx: ExecutionContext, p: m.SolutionStatusParams
) -> m.SolutionStatusResult:
    """One solution: definition, journey steps, and its executions' outcomes and latency."""
    registry, metrics = ctx.catalogue, ctx.metrics
    solution = registry.solution(p.solution_id)
    tenant = metrics.scope(ctx.tenant_id, p.scope)
    until = time.time()
    since = until - m.range_seconds(p.time_range)
    figures = await metrics.execution_metrics(
        tenant, since, until, solution_id=solution.solution_id
    )
    activity = (await metrics.solution_activity(tenant, since)).get(solution.solution_id)
    total = figures.total
    finished = total.completed + total.failed + total.cancelled
    return m.SolutionStatusResult(
        scope=p.scope,
        time_range=p.time_range,
        solution=_summary(solution, activity),
        status="idle" if not finished else "degraded" if total.failed else "healthy",
        journeys=[registry.journey(j).describe() for j in solution.journeys],
        throughput_per_minute=figures.throughput_per_minute,
        total=total,
        by_intent=figures.by_intent,
    )
