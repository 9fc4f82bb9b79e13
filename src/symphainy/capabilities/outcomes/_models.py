"""Parameters and results of the outcomes intents (the contract, as code)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from symphainy.capabilities.operations import NarrativeStatus, Params

__all__ = ["NarrativeStatus", "Params"]

ExportFormat = Literal["json", "yaml", "markdown", "docx", "pdf"]
IdList = list[str]


class CreateBlueprintParams(Params):
    """The workflow, and optionally the analyses to build on (else the latest ones of it)."""

    workflow_id: str
    coexistence_analysis_id: str | None = None
    optimization_id: str | None = None


class BlueprintResult(BaseModel):
    """The blueprint artifact: current → target state, responsibilities and phases."""

    blueprint_id: str
    workflow_id: str
    coexistence_analysis_id: str | None
    optimization_id: str | None
    analysis_source: Literal["artifact", "packaged_rules"]
    current_state: dict[str, Any]
    target_state: dict[str, Any]
    responsibility_matrix: list[dict[str, Any]]
    phases: list[dict[str, Any]]
    narrative: str | None
    narrative_status: NarrativeStatus


class GenerateRoadmapParams(Params):
    """Goals, and the artifacts whose findings become the roadmap's work items.

    Changed from upstream: `source_ids`, `start_date` and `weeks_per_effort` are new;
    `roadmap_type` is one of `phased`, `quick_wins`, `by_goal`.
    """

    goals: list[str] = Field(min_length=1, max_length=20)
    roadmap_type: Literal["phased", "quick_wins", "by_goal"] = "phased"
    source_ids: IdList = Field(default_factory=list, max_length=50)
    start_date: dt.date | None = None


class RoadmapResult(BaseModel):
    """The roadmap artifact: work items in phases, scheduled in weeks (and dates if started)."""

    roadmap_id: str
    roadmap_type: str
    goals: list[str]
    items: list[dict[str, Any]]
    phases: list[dict[str, Any]]
    total_weeks: int
    items_source: Literal["artifacts", "reasoning"]
    unaddressed_goals: list[str]
    narrative: str | None
    narrative_status: NarrativeStatus


class CreatePocParams(Params):
    """Changed from upstream: `source_ids`, `duration_weeks` and `success_criteria` are new."""

    description: str = Field(min_length=1, max_length=20_000)
    source_ids: IdList = Field(default_factory=list, max_length=20)
    duration_weeks: int = Field(default=6, ge=2, le=52)
    success_criteria: list[str] = Field(default_factory=list, max_length=20)


class PocResult(BaseModel):
    """The poc artifact: scope, plan, success criteria and risks."""

    poc_id: str
    title: str
    scope: list[dict[str, Any]]
    scope_basis: str
    plan: list[dict[str, Any]]
    success_criteria: list[str]
    risks: list[str]
    narrative: str | None
    narrative_status: NarrativeStatus


class SynthesisOptions(Params):
    """Which artifacts to include when no ids are given (default: the session's)."""

    artifact_types: list[str] = Field(default_factory=list, max_length=50)
    limit: int = Field(default=200, ge=1, le=1000)


class SynthesizeOutcomeParams(Params):
    """Summarise artifacts.

    Changed from upstream: `source_ids` (explicit artifacts) is new; without it the caller's
    session's artifacts are summarised, as upstream read session state.
    """

    source_ids: IdList = Field(default_factory=list, max_length=200)
    synthesis_options: SynthesisOptions = Field(default_factory=SynthesisOptions)


class OutcomeResult(BaseModel):
    """The outcome_synthesis artifact: per-pillar summaries and headline figures."""

    outcome_id: str
    source_ids: list[str]
    pillars: dict[str, dict[str, Any]]
    headlines: list[str]
    narrative: str | None
    narrative_status: NarrativeStatus


class ExportArtifactParams(Params):
    """Any artifact with JSON content (blueprint, roadmap, poc, sop, analyses, reports …)."""

    artifact_id: str
    artifact_type: str | None = None
    export_format: ExportFormat = "json"


class ExportResult(BaseModel):
    """The export artifact: one file, and where to download it."""

    export_id: str
    artifact_id: str
    export_format: str
    filename: str
    media_type: str
    size: int
    sha256: str
    download_path: str
    notes: list[str]


class CreateSolutionParams(Params):
    """Register a solution.

    Changed from upstream: the contract's `solution_source`/`source_id` and the code's
    required `solution_name` are all here; `description` is new.
    """

    solution_name: str = Field(min_length=1, max_length=200)
    solution_source: Literal["roadmap", "poc", "blueprint"]
    source_id: str
    description: str | None = Field(default=None, max_length=5000)


class SolutionResult(BaseModel):
    """The solution artifact registered from a roadmap, POC or blueprint."""

    solution_id: str
    solution_name: str
    solution_source: str
    source_id: str
    goals: list[str]
    scope: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    built_on_intents: list[str]
    lineage: list[str]
