"""Parameter and result models of the solution-composition intents (the contract, as code)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from symphainy.capabilities.control_tower._models import Params, range_seconds
from symphainy.runtime import IntentTiming

SOLUTION_ID = r"^[a-z][a-z0-9_]{0,63}$"
NAME = r"^[a-z][a-z0-9_]{0,127}$"


class ComposeSolutionParams(Params):
    """A solution of your own: a name, and the registered journeys and intents it bundles."""

    solution_id: str = Field(pattern=SOLUTION_ID, examples=["claims_intake"])
    name: str = Field(min_length=1, max_length=128, examples=["Claims intake"])
    description: str = Field(default="", max_length=2000)
    journeys: list[str] = Field(default_factory=list, max_length=200)
    intents: list[str] = Field(default_factory=list, max_length=500)


class FromTemplateParams(Params):
    """A template, its options, and the id and name of the solution to make from it."""

    template_id: str = Field(pattern=NAME, examples=["document_intelligence"])
    solution_id: str = Field(pattern=SOLUTION_ID, examples=["claims_intake"])
    name: str | None = Field(default=None, min_length=1, max_length=128)
    """Default: the template's name."""
    description: str | None = Field(default=None, max_length=2000)
    """Default: the template's description."""
    options: dict[str, bool] = Field(default_factory=dict, max_length=50)
    """The template's yes/no options (`get_solution_templates`); unset ones take their default."""


class ComposedSolutionView(BaseModel):
    """One version of a composed solution."""

    solution_id: str
    version: int
    name: str
    description: str
    status: Literal["active", "archived"]
    journeys: list[str]
    intents: list[str]
    template_id: str | None
    options: dict[str, Any]
    created_at: datetime
    created_by: str | None
    run_with: dict[str, Any] = Field(
        description="How to start it: submit this intent with `solution_id` set to this id."
    )


Action = Literal["list", "get", "versions", "update", "archive", "unarchive", "delete"]
_NEEDS: dict[str, frozenset[str]] = {
    "list": frozenset(),
    "get": frozenset({"solution_id"}),
    "versions": frozenset({"solution_id"}),
    "update": frozenset({"solution_id", "expected_version"}),
    "archive": frozenset({"solution_id", "expected_version"}),
    "unarchive": frozenset({"solution_id", "expected_version"}),
    "delete": frozenset({"solution_id"}),
}
_MAY = {
    "list": frozenset({"include_archived"}),
    "get": frozenset({"version"}),
    "update": frozenset({"name", "description", "journeys", "intents"}),
}


class ManageSolutionParams(Params):
    """One action on your composed solutions; each action takes only its own fields.

    `list` (`include_archived`), `get` (`solution_id`, `version`), `versions` (`solution_id`),
    `update` (`solution_id`, `expected_version`, then any of `name`, `description`, `journeys`,
    `intents`: the new version), `archive` / `unarchive` (`solution_id`, `expected_version`),
    `delete` (`solution_id`: every version).
    """

    action: Action
    solution_id: str | None = Field(default=None, pattern=SOLUTION_ID, examples=["claims_intake"])
    version: int | None = Field(default=None, ge=1, le=1_000_000)
    expected_version: int | None = Field(default=None, ge=1, le=1_000_000)
    """The version you read: a change made since then is a 409, never overwritten."""
    include_archived: bool | None = None
    name: str | None = Field(default=None, min_length=1, max_length=128)
    description: str | None = Field(default=None, max_length=2000)
    journeys: list[str] | None = Field(default=None, max_length=200)
    intents: list[str] | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _fields_of_action(self) -> ManageSolutionParams:
        given = self.given()
        needs, may = _NEEDS[self.action], _MAY.get(self.action, frozenset())
        missing, extra = sorted(needs - given), sorted(given - needs - may)
        if missing:
            raise ValueError(f"action {self.action!r} needs {', '.join(missing)}")
        if extra:
            raise ValueError(f"action {self.action!r} takes no {', '.join(extra)}")
        if self.action == "update" and not given & _MAY["update"]:
            raise ValueError("update changes at least one of name, description, journeys, intents")
        return self

    def given(self) -> set[str]:
        """The fields set besides `action` (None stands for "not given": it is recorded so)."""
        return {
            k for k in type(self).model_fields if k != "action" and getattr(self, k) is not None
        }


class ManageSolutionResult(BaseModel):
    """What the action did: the solutions it concerns, and for delete how many versions went."""

    action: Action
    solutions: list[ComposedSolutionView]
    deleted_versions: int | None = None


class SolutionMetricsParams(Params):
    """One composed solution's executions in a window."""

    solution_id: str = Field(pattern=SOLUTION_ID, examples=["claims_intake"])
    time_range: str = Field(default="24h", max_length=8, examples=["24h"])

    @field_validator("time_range")
    @classmethod
    def _window(cls, value: str) -> str:
        range_seconds(value)
        return value


class SolutionMetricsResult(BaseModel):
    """Real figures from the executions started under the solution (any of its versions)."""

    solution: ComposedSolutionView
    time_range: str
    total: IntentTiming
    """Every execution under the solution: its runs and their journeys' steps."""
    by_intent: list[IntentTiming]
    by_journey: list[IntentTiming]
    """Journey runs by journey id (`intent_type` holds the journey id)."""
    runs_by_version: dict[str, int]
    """Top-level runs started under each version."""
    truncated: bool
    """More runs than the Setting `solution_metrics_max_runs`: by_journey covers the newest."""


class TemplateOption(BaseModel):
    """A yes/no choice of a template, and what choosing it adds."""

    name: str
    description: str
    default: bool
    journeys: list[str]
    intents: list[str]


class TemplateView(BaseModel):
    """A solution template and whether this runtime registers everything it names."""

    template_id: str
    name: str
    description: str
    journeys: list[str]
    intents: list[str]
    options: list[TemplateOption]
    available: bool
    missing: list[str]
    """Journeys and intents it names that this runtime does not register."""


class TemplatesResult(BaseModel):
    """Every solution template."""

    templates: list[TemplateView]


class GuideParams(Params):
    """Optionally only the journeys and intents of one realm."""

    realm: str | None = Field(default=None, max_length=64)


class GuideJourney(BaseModel):
    """A journey you can bundle: what it needs and the intents its steps run."""

    journey_id: str
    versions: list[int]
    realm: str
    description: str
    input_schema: dict[str, Any] | None
    steps: list[str]


class GuideIntent(BaseModel):
    """An intent you can bundle: its inputs (required first) and its result fields."""

    intent_type: str
    versions: list[int]
    realm: str
    description: str
    role: str | None
    required_inputs: list[str]
    optional_inputs: list[str]
    outputs: list[str]


class CompositionGuideResult(BaseModel):
    """How to compose a solution, from what this runtime registers now."""

    steps: list[str]
    rules: dict[str, Any]
    templates: list[str]
    journeys: list[GuideJourney]
    intents: list[GuideIntent]
