"""Managing composed solutions: versions, archive, delete, metrics, templates and the guide.

Every change adds a version (`expected_version` guards against overwriting someone else's);
executions keep the version they started under. The guide is derived from the registry at
each call, so it lists exactly what can be composed now.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from symphainy.capabilities.control_tower import _templates as tpl
from symphainy.capabilities.control_tower._composition import check, view
from symphainy.capabilities.control_tower._composition_models import (
    CompositionGuideResult,
    GuideIntent,
    GuideJourney,
    GuideParams,
    ManageSolutionParams,
    ManageSolutionResult,
    SolutionMetricsParams,
    SolutionMetricsResult,
    TemplateOption,
    TemplatesResult,
    TemplateView,
)
from symphainy.capabilities.control_tower._models import Empty, range_seconds
from symphainy.contracts import JOURNEY_INTENT
from symphainy.errors import IllegalTransition
from symphainy.runtime import Catalogue, ComposedSolution, ExecutionContext, IntentSpec

Act = Callable[[ExecutionContext, ManageSolutionParams], Awaitable[ManageSolutionResult]]


def _result(p: ManageSolutionParams, solutions: Sequence[ComposedSolution]) -> ManageSolutionResult:
    return ManageSolutionResult(action=p.action, solutions=[view(s) for s in solutions])


async def _list(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    found = await ctx.solutions.latest()
    keep = [s for s in found if p.include_archived or s.status == "active"]
    return _result(p, keep)


async def _get(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    assert p.solution_id is not None  # the model requires it for this action
    return _result(p, [await ctx.solutions.get(p.solution_id, p.version)])


async def _versions(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    assert p.solution_id is not None
    await ctx.solutions.get(p.solution_id)  # SolutionNotFound for an unknown id
    return _result(p, await ctx.solutions.versions(p.solution_id))


def _target(p: ManageSolutionParams) -> tuple[str, int]:
    """The solution and the version a changing action names (the model requires both)."""
    assert p.solution_id is not None
    assert p.expected_version is not None
    return p.solution_id, p.expected_version


async def _update(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    solution_id, expected = _target(p)
    current = await ctx.solutions.get(solution_id)
    given = p.given()
    changes: dict[str, Any] = {k: getattr(p, k) for k in ("name", "description") if k in given}
    for key in ("journeys", "intents"):
        if key in given:
            changes[key] = tuple(getattr(p, key) or ())
    changed = replace(current, **changes)
    check(ctx.catalogue, changed)
    return _result(p, [await ctx.solutions.save(changed, expected)])


async def _set_status(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    solution_id, expected = _target(p)
    wanted = "archived" if p.action == "archive" else "active"
    current = await ctx.solutions.get(solution_id)
    if current.status == wanted:
        raise IllegalTransition(
            f"solution {solution_id!r} is already {wanted}",
            solution_id=solution_id,
            version=current.version,
        )
    saved = await ctx.solutions.save(replace(current, status=wanted), expected)
    return _result(p, [saved])


async def _delete(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    assert p.solution_id is not None
    gone = await ctx.solutions.delete(p.solution_id)
    return ManageSolutionResult(action=p.action, solutions=[], deleted_versions=gone)


ACTIONS: dict[str, Act] = {
    "list": _list,
    "get": _get,
    "versions": _versions,
    "update": _update,
    "archive": _set_status,
    "unarchive": _set_status,
    "delete": _delete,
}


async def manage_solution(ctx: ExecutionContext, p: ManageSolutionParams) -> ManageSolutionResult:
    """List, read, version, archive or delete the tenant's composed solutions."""
    return await ACTIONS[p.action](ctx, p)


async def get_solution_metrics(
    ctx: ExecutionContext, p: SolutionMetricsParams
) -> SolutionMetricsResult:
    """Executions started under the solution in the window: per intent, per journey, per version."""
    solution = await ctx.solutions.get(p.solution_id)
    until = time.time()
    since = until - range_seconds(p.time_range)
    figures = await ctx.metrics.execution_metrics(
        ctx.tenant_id, since, until, solution_id=p.solution_id
    )
    runs = await ctx.solutions.runs(p.solution_id, since, until)
    return SolutionMetricsResult(
        solution=view(solution),
        time_range=p.time_range,
        total=figures.total,
        by_intent=figures.by_intent,
        by_journey=runs.by_journey,
        runs_by_version={str(v): n for v, n in runs.by_version.items()},
        truncated=runs.truncated,
    )


def _missing(catalogue: Catalogue, template: dict[str, Any]) -> list[str]:
    journeys, intents = tpl.references(template)
    known = {j.journey_id for j in catalogue.journeys()}
    gone = [f"journey {j}" for j in sorted(journeys - known)]
    return gone + [f"intent {i}" for i in sorted(intents) if i not in catalogue]


async def get_solution_templates(ctx: ExecutionContext, p: Empty) -> TemplatesResult:
    """Every solution template, its options, and whether this runtime registers all it names."""
    views = []
    for t in tpl.TEMPLATES:
        missing = _missing(ctx.catalogue, t)
        options = [TemplateOption(name=k, **o) for k, o in t["options"].items()]
        views.append(
            TemplateView(
                template_id=t["template_id"],
                name=t["name"],
                description=t["description"],
                journeys=t["journeys"],
                intents=t["intents"],
                options=options,
                available=not missing,
                missing=missing,
            )
        )
    return TemplatesResult(templates=views)


def _guide_intent(spec: IntentSpec, catalogue: Catalogue) -> GuideIntent:
    schema = spec.params.model_json_schema()
    required = list(schema.get("required", []))
    return GuideIntent(
        intent_type=spec.intent_type,
        versions=catalogue.versions(spec.intent_type),
        realm=spec.realm,
        description=spec.description,
        role=spec.role,
        required_inputs=required,
        optional_inputs=[k for k in schema.get("properties", {}) if k not in required],
        outputs=list(spec.result.model_json_schema().get("properties", {})),
    )


def _steps(ctx: ExecutionContext) -> list[str]:
    s = ctx.settings
    return [
        "Choose journeys and intents below, or a template (get_solution_templates).",
        "compose_solution with solution_id, name, journeys and intents; or "
        "create_solution_from_template with template_id, solution_id and options. Every name "
        "is checked against this registry; an unknown one is a 422 naming the field.",
        f"Run it: submit {JOURNEY_INTENT} with journey_id and journey_params (the journey's "
        "input_schema) and solution_id set to your solution, or one of its intents the same "
        "way. Its journeys' steps count as its executions.",
        "manage_solution: update (a new version; pass expected_version), archive, unarchive, "
        "list, versions, delete. A run keeps the version it started under.",
        "get_solution_metrics: its executions per intent and per journey, with outcomes and "
        f"p50/p95 latency (reads at most {s.solution_metrics_max_runs} runs per window).",
    ]


async def get_composition_guide(ctx: ExecutionContext, p: GuideParams) -> CompositionGuideResult:
    """How to compose a solution, with the journeys and intents registered now."""
    cat, realm = ctx.catalogue, p.realm
    journeys = [
        GuideJourney(
            journey_id=v.journey_id,
            versions=v.versions,
            realm=v.realm,
            description=v.description,
            input_schema=v.input_schema,
            steps=[s.intent_type or f"signal:{s.signal}" for s in v.steps],
        )
        for v in cat.journey_views()
        if realm is None or v.realm == realm
    ]
    intents = [_guide_intent(s, cat) for s in cat if realm is None or s.realm == realm]
    rules = {
        "solution_id_pattern": "^[a-z][a-z0-9_]{0,63}$",
        "reserved_solution_ids": [s.solution_id for s in cat.solutions()],
        "composed_solutions_per_tenant": ctx.settings.composed_solutions_per_tenant,
        "composed_solution_max_versions": ctx.settings.composed_solution_max_versions,
    }
    templates = [t["template_id"] for t in tpl.TEMPLATES]
    return CompositionGuideResult(
        steps=_steps(ctx), rules=rules, templates=templates, journeys=journeys, intents=intents
    )
