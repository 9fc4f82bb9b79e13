"""Solution templates: data. Each names the registered journeys and intents it bundles.

A template's `options` are its parameters: each is a yes/no choice that adds more journeys and
intents when chosen. `get_solution_templates` lists them with whether every name they use is
registered in this runtime; `create_solution_from_template` expands one into a composition.
A test checks every name against the shipped registry, so a renamed intent fails there.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

TEMPLATES: tuple[dict[str, Any], ...] = (
    {
        "template_id": "document_intelligence",
        "name": "Document intelligence",
        "description": "Upload and save files, parse them and embed what they hold; "
        "optionally search them and report on their data quality.",
        "journeys": ["content_ingest_pipeline"],
        "intents": ["ingest_file", "save_materialization", "parse_content", "get_parsed_file"],
        "options": {
            "search": {
                "description": "Semantic search over the embedded content.",
                "default": True,
                "journeys": [],
                "intents": ["search_content"],
            },
            "data_quality": {
                "description": "A data quality report per parsed data file.",
                "default": False,
                "journeys": ["data_quality_pipeline"],
                "intents": ["assess_data_quality"],
            },
        },
    },
    {
        "template_id": "process_modernisation",
        "name": "Process modernisation",
        "description": "From SOP documents to BPMN workflows, then which tasks to automate, "
        "assist or keep human; optionally an approved, exported blueprint.",
        "journeys": ["sop_to_coexistence"],
        "intents": ["generate_sop", "create_workflow", "analyze_coexistence"],
        "options": {
            "approved_blueprint": {
                "description": "A person approves the blueprint before it is exported.",
                "default": False,
                "journeys": ["sop_to_approved_blueprint"],
                "intents": ["create_blueprint", "export_artifact"],
            },
        },
    },
    {
        "template_id": "operations_monitoring",
        "name": "Operations monitoring",
        "description": "The Control Tower dashboard as a solution of your own: statistics, "
        "execution metrics, system and realm health (admin role).",
        "journeys": ["platform_monitoring_dashboard"],
        "intents": [
            "get_platform_statistics",
            "get_execution_metrics",
            "get_system_health",
            "get_realm_health",
        ],
        "options": {},
    },
)
"""Every template, in the order `get_solution_templates` lists them."""

BY_ID = MappingProxyType({t["template_id"]: t for t in TEMPLATES})


def expand(template: dict[str, Any], chosen: dict[str, bool]) -> tuple[list[str], list[str]]:
    """The journeys and intents of `template` with its options set (defaults for the rest)."""
    journeys, intents = list(template["journeys"]), list(template["intents"])
    for name, option in template["options"].items():
        if chosen.get(name, option["default"]):
            journeys += [j for j in option["journeys"] if j not in journeys]
            intents += [i for i in option["intents"] if i not in intents]
    return journeys, intents


def references(template: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Every journey and intent the template may name (with all its options chosen)."""
    journeys, intents = expand(template, dict.fromkeys(template["options"], True))
    return set(journeys), set(intents)
