"""Outcomes capability: blueprints, roadmaps, POCs, outcome synthesis, exports and solutions."""

from __future__ import annotations

from symphainy.capabilities.operations import register_all, spec
from symphainy.capabilities.outcomes import _models as m
from symphainy.capabilities.outcomes._blueprint import create_blueprint
from symphainy.capabilities.outcomes._export import export_artifact
from symphainy.capabilities.outcomes._poc import create_poc
from symphainy.capabilities.outcomes._roadmap import generate_roadmap
from symphainy.capabilities.outcomes._solution import create_solution
from symphainy.capabilities.outcomes._synthesis import synthesize_outcome
from symphainy.runtime import Handler, IntentRegistry, IntentSpec

REALM = "outcomes"


def register(registry: IntentRegistry) -> None:
    """Register the outcomes intents."""
    register_all(registry, _specs())


def _specs() -> list[tuple[IntentSpec, Handler]]:
    return [
        (
            spec(
                REALM,
                (
                    "create_blueprint",
                    m.CreateBlueprintParams,
                    m.BlueprintResult,
                    "Coexistence blueprint of a workflow: current → target state, roles, phases.",
                ),
                ("blueprint",),
            ),
            create_blueprint,
        ),
        (
            spec(
                REALM,
                (
                    "generate_roadmap",
                    m.GenerateRoadmapParams,
                    m.RoadmapResult,
                    "Phased roadmap of work items from earlier findings, matched to goals.",
                ),
                ("roadmap",),
            ),
            generate_roadmap,
        ),
        (
            spec(
                REALM,
                (
                    "create_poc",
                    m.CreatePocParams,
                    m.PocResult,
                    "Proof-of-concept proposal: scope, week plan, success criteria and risks.",
                ),
                ("poc",),
            ),
            create_poc,
        ),
        (
            spec(
                REALM,
                (
                    "synthesize_outcome",
                    m.SynthesizeOutcomeParams,
                    m.OutcomeResult,
                    "Per-pillar summary of a session's (or the given) artifacts.",
                ),
                ("outcome_synthesis",),
            ),
            synthesize_outcome,
        ),
        (
            spec(
                REALM,
                (
                    "export_artifact",
                    m.ExportArtifactParams,
                    m.ExportResult,
                    "An artifact's content as a JSON, YAML, Markdown, DOCX or PDF file.",
                ),
                ("export",),
            ),
            export_artifact,
        ),
        (
            spec(
                REALM,
                (
                    "create_solution",
                    m.CreateSolutionParams,
                    m.SolutionResult,
                    "Register a solution from a roadmap, POC or blueprint.",
                ),
                ("solution",),
            ),
            create_solution,
        ),
    ]
