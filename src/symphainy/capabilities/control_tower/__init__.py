"""Control Tower capability: platform statistics, health and developer docs, for admins.

Every intent here needs the admin role (checked at submission). The monitoring intents take
`scope`: `tenant` (the caller's tenant) or `platform` (every tenant; operator tenants only,
see `symphainy.runtime._metrics`).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from symphainy.capabilities.control_tower import (
    _composition,
    _developer,
    _monitor,
    _retention,
    _solution_admin,
    _solutions,
)
from symphainy.capabilities.control_tower import _composition_models as cm
from symphainy.capabilities.control_tower import _models as m
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "control_tower"
EXPERIENCE = "admin_control_tower"
ROLE = "admin"


def register(registry: IntentRegistry) -> None:
    """Register the Control Tower intents."""
    for spec, handler in [*_specs(), *_composition_specs(registry)]:
        registry.register(spec, handler)
    registry.register(_retention_spec(), _retention.run_retention)


def _retention_spec() -> IntentSpec:
    # Attempts: a run killed with its worker is taken up again and continues (every batch
    # committed whole); the timeout bounds one run, the next continues where it stopped.
    return IntentSpec(
        "run_retention",
        _retention.RunRetentionParams,
        _retention.RunRetentionResult,
        REALM,
        "Apply the tenant's retention policy: old executions, expired artifacts, WAL compaction.",
        retry=RetryPolicy(max_attempts=5, backoff_seconds=5.0),
        timeout_seconds=3600,
        experience=EXPERIENCE,
        obligations=("store.retention",),
        role=ROLE,
    )


def _spec(
    intent_type: str,
    params: type[BaseModel],
    result: type[BaseModel],
    description: str,
    reads: str | tuple[str, ...] = "store.read",
    admission: Callable[[BaseModel], None] | None = None,
) -> IntentSpec:
    return IntentSpec(
        intent_type,
        params,
        result,
        REALM,
        description,
        retry=RetryPolicy(max_attempts=1),
        timeout_seconds=60,
        experience=EXPERIENCE,
        obligations=(reads,) if isinstance(reads, str) else reads,
        role=ROLE,
        admission=admission,
    )


def _composition_specs(registry: IntentRegistry) -> list[tuple[IntentSpec, Handler]]:
    admit = _composition.admission(registry)
    writes = ("registry.read", "solutions.write")
    return [
        (
            _spec(
                "compose_solution",
                cm.ComposeSolutionParams,
                cm.ComposedSolutionView,
                "Store a solution of your own: registered journeys and intents, version 1.",
                writes,
                admit,
            ),
            _composition.compose_solution,
        ),
        (
            _spec(
                "create_solution_from_template",
                cm.FromTemplateParams,
                cm.ComposedSolutionView,
                "Make a solution of your own from a template and its options.",
                writes,
                admit,
            ),
            _composition.create_solution_from_template,
        ),
        (
            _spec(
                "manage_solution",
                cm.ManageSolutionParams,
                cm.ManageSolutionResult,
                "List, read, update (a new version), archive or delete your composed solutions.",
                writes,
                admit,
            ),
            _solution_admin.manage_solution,
        ),
        (
            _spec(
                "get_solution_metrics",
                cm.SolutionMetricsParams,
                cm.SolutionMetricsResult,
                "A composed solution's executions per intent and journey: outcomes, p50/p95.",
                ("store.read", "solutions.read"),
            ),
            _solution_admin.get_solution_metrics,
        ),
        (
            _spec(
                "get_solution_templates",
                m.Empty,
                cm.TemplatesResult,
                "Solution templates, their options, and whether all they name is registered.",
                "registry.read",
            ),
            _solution_admin.get_solution_templates,
        ),
        (
            _spec(
                "get_composition_guide",
                cm.GuideParams,
                cm.CompositionGuideResult,
                "How to compose a solution, with the journeys and intents registered now.",
                "registry.read",
            ),
            _solution_admin.get_composition_guide,
        ),
    ]


def _specs() -> list[tuple[IntentSpec, Handler]]:
    return [
        (
            _spec(
                "get_platform_statistics",
                m.ScopeParams,
                m.PlatformStatistics,
                "Tenants, users, sessions, executions by state, artifacts by type.",
            ),
            _monitor.get_platform_statistics,
        ),
        (
            _spec(
                "get_execution_metrics",
                m.WindowParams,
                m.ExecutionMetricsResult,
                "Throughput, success rate and p50/p95/p99 latency per intent type.",
            ),
            _monitor.get_execution_metrics,
        ),
        (
            _spec(
                "get_system_health",
                m.ScopeParams,
                m.SystemHealthResult,
                "Store, blob store, live workers, queue depth and oldest waiting execution.",
            ),
            _monitor.get_system_health,
        ),
        (
            _spec(
                "get_realm_health",
                m.WindowParams,
                m.RealmHealthResult,
                "Per capability: its intents, executions finished and failed, recent failures.",
            ),
            _monitor.get_realm_health,
        ),
        (
            _spec(
                "get_documentation",
                m.DocumentationParams,
                m.DocumentationResult,
                "The generated intent-contract documents of a section.",
                "registry.read",
            ),
            _developer.get_documentation,
        ),
        (
            _spec(
                "get_code_examples",
                m.CodeExamplesParams,
                m.CodeExamplesResult,
                "SDK and HTTP examples for each intent, with parameters that pass its contract.",
                "registry.read",
            ),
            _developer.get_code_examples,
        ),
        (
            _spec(
                "get_patterns",
                m.Empty,
                m.PatternsResult,
                "Usage patterns and the registered intents that follow each.",
                "registry.read",
            ),
            _developer.get_patterns,
        ),
        (
            _spec(
                "validate_solution",
                m.ValidateSolutionParams,
                m.ValidateSolutionResult,
                "Check a solution definition against the registry, with field-level errors.",
                "registry.read",
            ),
            _solutions.validate_solution,
        ),
        (
            _spec(
                "list_solutions",
                m.ListSolutionsParams,
                m.ListSolutionsResult,
                "Registered solutions (bundles of journeys and intents) and their recent use.",
            ),
            _solutions.list_solutions,
        ),
        (
            _spec(
                "get_solution_status",
                m.SolutionStatusParams,
                m.SolutionStatusResult,
                "One solution: its journeys' steps and its executions' outcomes and latency.",
            ),
            _solutions.get_solution_status,
        ),
    ]
