"""Composing solutions: from the registry's journeys and intents, or from a template.

What a composition names is checked twice against the registry: at submit (the `admission`
hook, so a bad request is a 422 before anything is recorded) and again when the handler runs
(the worker may be another node). A composed solution is stored per tenant, versioned, through
`ctx.solutions`; it runs through the journey start path (see `symphainy.runtime._composed`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from symphainy.capabilities.control_tower import _solutions
from symphainy.capabilities.control_tower import _templates as tpl
from symphainy.capabilities.control_tower._composition_models import (
    ComposedSolutionView,
    ComposeSolutionParams,
    FromTemplateParams,
    ManageSolutionParams,
)
from symphainy.capabilities.control_tower._models import FieldError
from symphainy.contracts import JOURNEY_INTENT
from symphainy.errors import InvalidParameters
from symphainy.runtime import Catalogue, ComposedSolution, ExecutionContext, IntentRegistry

ROOT = "parameters"


def _invalid(errors: list[FieldError], what: str) -> InvalidParameters:
    return InvalidParameters(
        f"{what}: {'; '.join(e.msg for e in errors)}", errors=[e.model_dump() for e in errors]
    )


def _raise(errors: list[FieldError], what: str) -> None:
    if errors:
        raise _invalid(errors, what)


def _problem(loc: list[str | int], msg: str, kind: str) -> FieldError:
    return FieldError(loc=[ROOT, *loc], msg=msg, type=kind)


def template_of(p: FromTemplateParams) -> dict[str, Any]:
    """The template the parameters name, or InvalidParameters (unknown template or option)."""
    template = tpl.BY_ID.get(p.template_id)
    if template is None:
        known = ", ".join(tpl.BY_ID)
        msg = f"no template {p.template_id!r} (known: {known})"
        raise _invalid([_problem(["template_id"], msg, "unknown_template")], "unknown template")
    unknown = sorted(set(p.options) - set(template["options"]))
    _raise(
        [
            _problem(
                ["options", o], f"template {p.template_id!r} has no option {o!r}", "unknown_option"
            )
            for o in unknown
        ],
        "unknown template options",
    )
    return template


def composition(p: BaseModel) -> ComposedSolution:
    """The solution a compose or from-template request describes (not yet checked)."""
    if isinstance(p, FromTemplateParams):
        template = template_of(p)
        journeys, intents = tpl.expand(template, p.options)
        chosen = {k: p.options.get(k, o["default"]) for k, o in template["options"].items()}
        return ComposedSolution(
            solution_id=p.solution_id,
            name=p.name or template["name"],
            description=template["description"] if p.description is None else p.description,
            journeys=tuple(journeys),
            intents=tuple(intents),
            template_id=p.template_id,
            parameters=dict(chosen),
        )
    assert isinstance(p, ComposeSolutionParams)
    return ComposedSolution(
        p.solution_id, p.name, p.description, tuple(p.journeys), tuple(p.intents)
    )


def check(catalogue: Catalogue, solution: ComposedSolution) -> None:
    """InvalidParameters, field by field, unless every name is registered (and no id clash)."""
    config = {
        "solution_id": solution.solution_id,
        "name": solution.name,
        "description": solution.description,
        "journeys": list(solution.journeys),
        "intents": list(solution.intents),
    }
    _, errors = _solutions.check(catalogue, config, ROOT)
    _raise(errors, f"solution {solution.solution_id!r} is invalid")


def admission(registry: IntentRegistry) -> Callable[[BaseModel], None]:
    """The submit-time check of compose, from-template and manage requests."""
    catalogue = Catalogue(registry)

    def admit(p: BaseModel) -> None:
        if isinstance(p, ManageSolutionParams):
            errors = _solutions.reference_errors(catalogue, p.journeys or [], p.intents or [], ROOT)
            _raise(errors, "unknown references")
            return
        check(catalogue, composition(p))

    return admit


def view(s: ComposedSolution) -> ComposedSolutionView:
    """A stored version as the intents answer it, with how to run it."""
    if s.journeys:
        params: dict[str, Any] = {"journey_id": s.journeys[0], "journey_params": {}}
        run = {"intent_type": JOURNEY_INTENT, "parameters": params, "solution_id": s.solution_id}
    else:
        run = {"intent_type": s.intents[0], "parameters": {}, "solution_id": s.solution_id}
    return ComposedSolutionView(
        solution_id=s.solution_id,
        version=s.version,
        name=s.name,
        description=s.description,
        status="archived" if s.status == "archived" else "active",
        journeys=list(s.journeys),
        intents=list(s.intents),
        template_id=s.template_id,
        options=dict(s.parameters),
        created_at=datetime.fromtimestamp(s.created_at, UTC),
        created_by=s.created_by,
        run_with=run,
    )


async def compose_solution(ctx: ExecutionContext, p: ComposeSolutionParams) -> ComposedSolutionView:
    """Store a new solution of registered journeys and intents as its version 1."""
    solution = composition(p)
    check(ctx.catalogue, solution)
    return view(await ctx.solutions.save(solution, 0))


async def create_solution_from_template(
    ctx: ExecutionContext, p: FromTemplateParams
) -> ComposedSolutionView:
    """Expand a template with its options and store the result as a new solution."""
    solution = composition(p)
    check(ctx.catalogue, solution)
    return view(await ctx.solutions.save(solution, 0))
