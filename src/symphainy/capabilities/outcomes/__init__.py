"""Outcomes capability: blueprints, roadmaps, POCs, outcome synthesis, exports and solutions."""

from __future__ import annotations

from pydantic import BaseModel

from symphainy.capabilities.outcomes import _models as m
from symphainy.capabilities.outcomes._blueprint import create_blueprint
from symphainy.capabilities.outcomes._export import export_artifact
from symphainy.capabilities.outcomes._poc import create_poc
from symphainy.capabilities.outcomes._roadmap import generate_roadmap
from symphainy.capabilities.outcomes._solution import create_solution
from symphainy.capabilities.outcomes._synthesis import synthesize_outcome
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "outcomes"
EXPERIENCE = "outcomes_pillar"
_READ_WRITE = ("artifacts.read", "blobs.read", "artifacts.register", "blobs.write")


def register(registry: IntentRegistry) -> None:
    """Register the outcomes intents."""
    for spec, handler in _specs():
        registry.register(spec, handler)


def _spec(
    intent_type: str,
    params: type[m.Params],
    result: type[BaseModel],
    description: str,
    produces: tuple[str, ...],
) -> IntentSpec:
    return IntentSpec(
        intent_type,
        params,
        result,
        REALM,
        description,
        retry=RetryPolicy(max_attempts=2, backoff_seconds=0.5),
        timeout_seconds=300,
        produces=produces,
        experience=EXPERIENCE,
        obligations=_READ_WRITE,
    )


def _specs() -> list[tuple[IntentSpec, Handler]]:
    table: list[tuple[str, type[m.Params], type[BaseModel], str, str, Handler]] = [
        (
            "create_blueprint",
            m.CreateBlueprintParams,
            m.BlueprintResult,
            "Coexistence blueprint of a workflow: current → target state, roles, phases.",
            "blueprint",
            create_blueprint,
        ),
        (
            "generate_roadmap",
            m.GenerateRoadmapParams,
            m.RoadmapResult,
            "Phased, scheduled roadmap of work items from earlier findings, matched to goals.",
            "roadmap",
            generate_roadmap,
        ),
        (
            "create_poc",
            m.CreatePocParams,
            m.PocResult,
            "Proof-of-concept proposal: scope, week plan, success criteria and risks.",
            "poc",
            create_poc,
        ),
        (
            "synthesize_outcome",
            m.SynthesizeOutcomeParams,
            m.OutcomeResult,
            "Per-pillar summary of a session's (or the given) artifacts.",
            "outcome_synthesis",
            synthesize_outcome,
        ),
        (
            "export_artifact",
            m.ExportArtifactParams,
            m.ExportResult,
            "An artifact's content as a JSON, YAML, Markdown, DOCX or PDF file.",
            "export",
            export_artifact,
        ),
        (
            "create_solution",
            m.CreateSolutionParams,
            m.SolutionResult,
            "Register a solution from a roadmap, POC or blueprint.",
            "solution",
            create_solution,
        ),
    ]
    return [(_spec(i, p, r, d, (a,)), h) for i, p, r, d, a, h in table]
