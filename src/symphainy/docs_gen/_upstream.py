"""Upstream's intent names (reference/upstream_survey.md §4), kept as data for the gap list.

Each section lists the names upstream's contracts, code or front end used, with upstream's own
status for them. The vision summary compares them with the registry: a name registered here is
realised; a name in `ELSEWHERE` is realised by another surface or name (said there); every
other one is listed as a gap, whatever upstream's status was.
"""

from __future__ import annotations

from symphainy.contracts import JOURNEY_INTENT
from symphainy.runtime import Catalogue

UPSTREAM_INTENTS: tuple[tuple[str, str, list[str]], ...] = (
    (
        "4.1 Content",
        "R, T, D",
        [
            "ingest_file",
            "save_materialization",
            "parse_content",
            "get_parsed_file",
            "save_parsed_content",
            "create_deterministic_embeddings",
            "extract_embeddings",
            "save_embeddings",
            "list_artifacts",
            "retrieve_artifact_metadata",
            "get_artifact_metadata",
            "archive_file",
            "delete_file",
            "echo",
        ],
    ),
    (
        "4.2 Insights",
        "R (agent), T, D",
        [
            "assess_data_quality",
            "interpret_data_self_discovery",
            "interpret_data_guided",
            "analyze_structured_data",
            "analyze_unstructured_data",
            "map_relationships",
            "visualize_lineage",
            "extract_structured_data",
            "match_source_to_target",
            "analyze_content",
            "create_visualizations",
            "generate_business_insights",
            "explore_relationships",
            "identify_patterns",
            "initiate_guided_discovery",
            "generate_quality_report",
            "validate_schema",
            "create_relationship_graph",
            "visualize_relationships",
            "create_semantic_embeddings",
            "generate_interpretations",
            "save_interpretations",
        ],
    ),
    (
        "4.3 Operations",
        "R (agent), T, D",
        [
            "generate_sop",
            "generate_sop_from_chat",
            "sop_chat_message",
            "create_workflow",
            "get_workflow",
            "analyze_coexistence",
            "optimize_process",
            "identify_opportunities",
            "save_blueprint",
            "chat_with_journey_agent",
            "initiate_sop_wizard",
            "save_sop_from_chat",
            "create_workflow_from_sop",
            "generate_sop_from_workflow",
            "generate_visualization",
            "select_sop",
            "select_workflow",
        ],
    ),
    (
        "4.4 Outcomes",
        "R (agent), S",
        [
            "synthesize_outcome",
            "generate_roadmap",
            "create_poc",
            "create_blueprint",
            "export_artifact",
            "create_solution",
            "generate_report",
            "generate_visual",
        ],
    ),
    (
        "4.5 Security",
        "R, D",
        [
            "authenticate_user",
            "validate_token",
            "create_user_account",
            "check_email_availability",
            "create_session",
            "validate_authorization",
            "terminate_session",
            "refresh_session",
            "send_verification_email",
            "validate_registration_data",
            "verify_email",
        ],
    ),
    (
        "4.6 Control Tower",
        "R, S, D",
        [
            "get_platform_statistics",
            "get_system_health",
            "get_realm_health",
            "get_execution_metrics",
            "list_solutions",
            "get_solution_status",
            "get_solution_metrics",
            "manage_solution",
            "get_documentation",
            "get_patterns",
            "get_code_examples",
            "validate_solution",
            "get_solution_templates",
            "compose_solution",
            "get_composition_guide",
            "create_solution_from_template",
            "admin_get_platform_statistics",
            "admin_register_solution",
            "admin_preview_solution",
            "admin_submit_feature_request",
        ],
    ),
    (
        "4.7 Coexistence",
        "R (agent), S, T, D",
        [
            "introduce_platform",
            "show_solution_catalog",
            "explain_coexistence",
            "navigate_to_solution",
            "get_solution_context",
            "establish_solution_context",
            "initiate_guide_agent",
            "process_guide_agent_message",
            "route_to_liaison_agent",
            "list_available_mcp_tools",
            "call_orchestrator_mcp_tool",
            "validate_mcp_tool_call",
            "get_chat_session",
            "update_chat_session",
            "get_chat_context",
            "update_chat_context",
            "get_shared_context",
            "merge_agent_contexts",
            "share_context_to_agent",
            "initiate_liaison_agent",
            "process_liaison_agent_message",
            "get_pillar_context",
            "execute_pillar_action",
            JOURNEY_INTENT,
        ],
    ),
)
"""(survey section, upstream's statuses there, intent names)."""

ELSEWHERE: dict[str, tuple[str, str]] = {
    "create_session": ("create_session", "the Experience SDK operation (sessions are not intents)"),
    "admin_get_platform_statistics": (
        "get_platform_statistics",
        "upstream's code used the un-prefixed name",
    ),
    "admin_register_solution": ("compose_solution", "a tenant's own solution, stored"),
    "admin_preview_solution": ("validate_solution", "with `preview: true`"),
}
"""Upstream name → (what realises it here, why it is not an intent of that name). The target
must be registered (an intent) or be `create_session` (an SDK operation)."""


def _realised_elsewhere(name: str, catalogue: Catalogue) -> str | None:
    target = ELSEWHERE.get(name)
    if target is None or (target[0] not in catalogue and target[0] != "create_session"):
        return None
    return f"`{name}` → `{target[0]}`: {target[1]}"


def upstream_gaps(catalogue: Catalogue) -> str:
    """Upstream's intent names this registry lacks, by survey section (and those renamed)."""
    lines = ["Upstream intent names (survey §4) with no intent of that name registered here:\n"]
    renamed: list[str] = []
    for section, statuses, names in UPSTREAM_INTENTS:
        absent = [n for n in names if n not in catalogue]
        renamed += [r for n in absent if (r := _realised_elsewhere(n, catalogue))]
        gaps = [f"`{n}`" for n in absent if _realised_elsewhere(n, catalogue) is None]
        built = len(names) - len(absent)
        summary = ", ".join(gaps) if gaps else "none"
        lines.append(
            f"- {section} ({built} of {len(names)} registered; upstream: {statuses}): {summary}"
        )
    lines += ["", "Upstream names realised under another name or surface:\n"]
    lines += [f"- {r}" for r in renamed] or ["- none"]
    return "\n".join(lines) + "\n"
