"""Solutions in the Control Tower: validate a definition against the registry (field by field).

A solution definition has the shape of `symphainy.runtime`'s registered solutions: an id, a
name, a description, and the journeys and intents it bundles. Validation registers nothing;
its answer is the list of problems, each located by a path into `solution_config`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from symphainy.capabilities.control_tower import _models as m
from symphainy.runtime import ExecutionContext, IntentRegistry

ROOT = "solution_config"


class SolutionDefinition(BaseModel):
    """What a solution declares."""

    model_config = ConfigDict(extra="forbid")

    solution_id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    name: str = Field(min_length=1, max_length=128)
    description: str = Field(default="", max_length=2000)
    journeys: list[str] = Field(default_factory=list, max_length=200)
    intents: list[str] = Field(default_factory=list, max_length=500)


def known_journeys(registry: IntentRegistry) -> set[str]:
    """Journey ids the registry knows."""
    journeys = getattr(registry, "journeys", None)
    return {j.journey_id for j in journeys()} if callable(journeys) else set()


def _shape_errors(config: dict[str, Any]) -> tuple[SolutionDefinition | None, list[m.FieldError]]:
    try:
        return SolutionDefinition.model_validate(config), []
    except ValidationError as exc:
        return None, [
            m.FieldError(loc=[ROOT, *e["loc"]], msg=e["msg"], type=e["type"])
            for e in exc.errors(include_url=False, include_input=False)
        ]


def _reference_errors(
    field: str, names: list[str], known: set[str], kind: str
) -> Iterable[m.FieldError]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            yield m.FieldError(
                loc=[ROOT, field, i], msg=f"{name!r} is listed twice", type="duplicate"
            )
        elif name not in known:
            yield m.FieldError(
                loc=[ROOT, field, i],
                msg=f"no {kind} {name!r} is registered",
                type=f"unknown_{kind}",
            )
        seen.add(name)


def check(
    registry: IntentRegistry, config: dict[str, Any]
) -> tuple[SolutionDefinition | None, list[m.FieldError]]:
    """The parsed definition (None if malformed) and every problem with it."""
    definition, errors = _shape_errors(config)
    if definition is None:
        return None, errors
    intents = {spec.intent_type for spec in registry}
    errors += _reference_errors("intents", definition.intents, intents, "intent")
    errors += _reference_errors(
        "journeys", definition.journeys, known_journeys(registry), "journey"
    )
    if not definition.intents and not definition.journeys:
        errors.append(
            m.FieldError(
                loc=[ROOT], msg="a solution bundles at least one journey or intent", type="empty"
            )
        )
    return definition, errors


async def validate_solution(
    ctx: ExecutionContext, p: m.ValidateSolutionParams
) -> m.ValidateSolutionResult:
    """Check a solution definition; with `preview`, also return it normalised."""
    definition, errors = check(ctx.services.registry, p.solution_config)
    preview = definition.model_dump() if p.preview and definition is not None else None
    return m.ValidateSolutionResult(valid=not errors, errors=errors, solution=preview)
