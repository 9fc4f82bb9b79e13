"""The journeys and solutions Symphainy ships, built from the capabilities' intents.

Each journey is a DAG of intents run by the journey engine (`compose_journey`); each step is a
child execution with its own record, WAL entries, retries and artifacts.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from symphainy.contracts import FileId
from symphainy.runtime import APPROVAL_INTENT, IntentRegistry, Journey, Solution, Step


class FileInput(BaseModel):
    """A saved (READY) file to take through the pipeline."""

    model_config = ConfigDict(extra="forbid")
    file_id: FileId = Field(min_length=1, max_length=64)
    parsing_type: str | None = Field(default=None, max_length=64)


# The steps every file journey starts with: parse the saved file, then embed what it holds.
_PARSE = Step(
    "parse",
    "parse_content",
    {"file_id": "$input.file_id", "parsing_type": "$input.parsing_type"},
    description="Parse the file with the parser its content calls for.",
)
_DETERMINISTIC = Step(
    "deterministic",
    "create_deterministic_embeddings",
    {"parsed_file_id": "$steps.parse.result.parsed_file_id"},
    after=("parse",),
    description="Schema fingerprint and column pattern signatures.",
)
_SEMANTIC = Step(
    "semantic",
    "extract_embeddings",
    {
        "parsed_file_id": "$steps.parse.result.parsed_file_id",
        "deterministic_embedding_id": "$steps.deterministic.result.deterministic_embedding_id",
    },
    after=("deterministic",),
    description="MiniLM vectors per column and text chunk.",
)

CONTENT_PIPELINE = Journey(
    "content_ingest_pipeline",
    "A saved file → parsed content → deterministic embeddings → semantic embeddings.",
    (_PARSE, _DETERMINISTIC, _SEMANTIC),
    realm="content",
    input_model=FileInput,
)

DATA_QUALITY = Journey(
    "data_quality_pipeline",
    "A saved data file → parsed → embeddings (deterministic, then semantic) and, in parallel "
    "with the semantic step, a data quality report that reuses the column profiles.",
    (
        _PARSE,
        _DETERMINISTIC,
        _SEMANTIC,
        Step(
            "quality",
            "assess_data_quality",
            {
                "parsed_file_id": "$steps.parse.result.parsed_file_id",
                "source_file_id": "$input.file_id",
                "deterministic_embedding_id": (
                    "$steps.deterministic.result.deterministic_embedding_id"
                ),
            },
            after=("deterministic",),
            description="Completeness, validity, uniqueness, consistency, outliers; a grade.",
        ),
    ),
    realm="insights",
    input_model=FileInput,
)

SOP_TO_COEXISTENCE = Journey(
    "sop_to_coexistence",
    "A saved SOP document → parsed → BPMN workflow → coexistence analysis (automate / assist / "
    "keep human per task) and, in parallel, process optimisation findings.",
    (
        _PARSE,
        Step(
            "workflow",
            "create_workflow",
            {"sop_id": "$steps.parse.result.parsed_file_id"},
            after=("parse",),
            description="BPMN 2.0 from the SOP's steps, roles and exceptions.",
        ),
        Step(
            "coexistence",
            "analyze_coexistence",
            {"workflow_id": "$steps.workflow.result.workflow_artifact_id"},
            after=("workflow",),
        ),
        Step(
            "optimize",
            "optimize_process",
            {"workflow_id": "$steps.workflow.result.workflow_artifact_id"},
            after=("workflow",),
        ),
    ),
    realm="operations",
    input_model=FileInput,
)


SOP_TO_APPROVED_BLUEPRINT = Journey(
    "sop_to_approved_blueprint",
    "A saved SOP document → BPMN workflow → coexistence analysis and optimisation → a person "
    "approves the plan (a pending `approval`) → coexistence blueprint → blueprint as PDF. A "
    "rejection ends the journey failed at the review step; nothing after it runs.",
    (
        *SOP_TO_COEXISTENCE.steps,
        Step(
            "review",
            APPROVAL_INTENT,
            {
                "title": "Approve the coexistence plan",
                "details": {
                    "workflow": "$steps.coexistence.result.workflow_name",
                    "coexistence_analysis_id": (
                        "$steps.coexistence.result.coexistence_analysis_id"
                    ),
                    "summary": "$steps.coexistence.result.summary",
                    "automation_potential": "$steps.coexistence.result.automation_potential",
                },
            },
            after=("coexistence", "optimize"),
            description="Governance gate: nothing is designed or exported before sign-off.",
        ),
        Step(
            "blueprint",
            "create_blueprint",
            {
                "workflow_id": "$steps.workflow.result.workflow_artifact_id",
                "coexistence_analysis_id": "$steps.coexistence.result.coexistence_analysis_id",
                "optimization_id": "$steps.optimize.result.optimization_id",
            },
            after=("review",),
        ),
        Step(
            "export",
            "export_artifact",
            {"artifact_id": "$steps.blueprint.result.blueprint_id", "export_format": "pdf"},
            after=("blueprint",),
        ),
    ),
    realm="outcomes",
    input_model=FileInput,
)


class MonitoringInput(BaseModel):
    """The window for execution metrics, e.g. `15m`, `1h`, `24h`."""

    model_config = ConfigDict(extra="forbid")
    time_range: str = Field(default="1h", max_length=8)


PLATFORM_MONITORING = Journey(
    "platform_monitoring_dashboard",
    "The Control Tower dashboard in one run: statistics, execution metrics, system health and "
    "realm health, gathered in parallel (admin role; steps run with the caller's roles).",
    (
        Step("statistics", "get_platform_statistics", {}),
        Step("metrics", "get_execution_metrics", {"time_range": "$input.time_range"}),
        Step("system", "get_system_health", {}),
        Step("realms", "get_realm_health", {"time_range": "$input.time_range"}),
    ),
    realm="control_tower",
    input_model=MonitoringInput,
)


def register(registry: IntentRegistry) -> None:
    """Register the shipped journeys and the solutions that bundle them."""
    shipped = (
        CONTENT_PIPELINE,
        DATA_QUALITY,
        SOP_TO_COEXISTENCE,
        SOP_TO_APPROVED_BLUEPRINT,
        PLATFORM_MONITORING,
    )
    for journey in shipped:
        registry.register_journey(journey)
    registry.register_solution(
        Solution(
            "content_intelligence",
            "Content intelligence",
            "Upload, save and parse files of any supported format, then embed and search them.",
            journeys=("content_ingest_pipeline",),
            intents=(
                "ingest_file",
                "save_materialization",
                "parse_content",
                "get_parsed_file",
                "search_content",
            ),
        )
    )
    registry.register_solution(
        Solution(
            "data_insights",
            "Data insights",
            "Quality reports, statistics and relationships over parsed data.",
            journeys=("data_quality_pipeline",),
            intents=("assess_data_quality", "analyze_structured_data", "map_relationships"),
        )
    )
    registry.register_solution(
        Solution(
            "process_coexistence",
            "Process coexistence",
            "From SOPs to BPMN workflows, then which tasks to automate, assist or keep human.",
            journeys=("sop_to_coexistence", "sop_to_approved_blueprint"),
            intents=(
                "create_workflow",
                "generate_sop",
                "analyze_coexistence",
                "optimize_process",
                "create_blueprint",
                "export_artifact",
            ),
        )
    )
    registry.register_solution(
        Solution(
            "control_tower",
            "Control Tower",
            "Platform statistics, execution metrics, system and realm health for admins.",
            journeys=("platform_monitoring_dashboard",),
            intents=(
                "get_platform_statistics",
                "get_execution_metrics",
                "get_system_health",
                "get_realm_health",
            ),
        )
    )
