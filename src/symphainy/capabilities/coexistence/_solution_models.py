"""Parameter and result models of the solution intents (catalogue, navigation, context)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from symphainy.capabilities.coexistence._models import CONTEXT_DOC, UserContext

SOLUTION_ID = r"^[a-z0-9_]{1,128}$"


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class ShowCatalogParams(Params):
    """Optionally only the solutions that include intents of one realm.

    Changed from upstream: `user_context` is gone (nothing read it); a caller's goals are kept
    with `establish_solution_context`.
    """

    category: str | None = Field(
        default=None, max_length=64, description="A realm: solutions with intents in it."
    )


class JourneyEntry(BaseModel):
    """A journey of a solution, and what it needs to start."""

    journey_id: str
    description: str
    realm: str
    input_schema: dict[str, Any] | None


class SolutionEntry(BaseModel):
    """One solution as the caller sees it."""

    solution_id: str
    name: str
    description: str
    realms: list[str]
    journeys: list[JourneyEntry]
    intents: list[str]
    runnable_intents: list[str]


class ShowCatalogResult(BaseModel):
    """The registered solutions."""

    solutions: list[SolutionEntry]
    count: int


class NavigateParams(Params):
    """The solution to open.

    Changed from upstream: `user_context` is gone (nothing read it); a caller's goals are kept
    with `establish_solution_context`.
    """

    solution_id: str = Field(pattern=SOLUTION_ID, examples=["data_migration"])


class NavigateResult(BaseModel):
    """Where to go: the solution, how to start it, and that it is now this session's current one."""

    solution: SolutionEntry
    start_with: str = Field(
        description="The intent to submit first (compose_journey when the solution has journeys)."
    )
    start_parameters: dict[str, Any]
    current_solution_id: str


class EstablishContextParams(Params):
    """What the user wants from a solution, kept in the session."""

    solution_id: str = Field(pattern=SOLUTION_ID, examples=["data_migration"])
    user_context: UserContext = Field(default_factory=UserContext, description=CONTEXT_DOC)
    # Free-form: the client's own state (pillar preferences, journey progress), kept in the
    # session and handed back as given by get_solution_context; nothing here interprets it.
    solution_structure: dict[str, Any] = Field(
        default_factory=dict, description="Pillar preferences and journey state to restore later."
    )


class GetContextParams(Params):
    """Which solution's context (default: the session's current solution)."""

    solution_id: str | None = Field(default=None, pattern=SOLUTION_ID)


class SolutionContext(BaseModel):
    """A solution's context in this session."""

    solution_id: str
    user_context: dict[str, Any]
    solution_structure: dict[str, Any]
    updated_at: float
