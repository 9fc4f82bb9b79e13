"""Coexistence capability: the platform introducing itself, its tools, and the guide agent.

Changes from upstream are listed in `docs/capabilities/coexistence.md`.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from symphainy.capabilities.coexistence import _guide, _introduce, _solutions
from symphainy.capabilities.coexistence import _models as m
from symphainy.capabilities.coexistence import _solution_models as sm
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "coexistence"
EXPERIENCE = "guide_agent"


def _spec(
    intent_type: str,
    params: type[BaseModel],
    result: type[BaseModel],
    description: str,
    obligations: tuple[str, ...],
    admission: Callable[[BaseModel], None] | None = None,
) -> IntentSpec:
    return IntentSpec(
        intent_type,
        params,
        result,
        REALM,
        description,
        anonymous_ok=True,
        # Narration may wait on a model; its own client retries transient failures.
        retry=RetryPolicy(max_attempts=1),
        timeout_seconds=180,
        experience=EXPERIENCE,
        obligations=obligations,
        admission=admission,
    )


def _specs(registry: IntentRegistry) -> list[tuple[IntentSpec, Handler]]:
    return [
        (
            _spec(
                "introduce_platform",
                m.IntroducePlatformParams,
                m.IntroducePlatformResult,
                "A personal welcome: who you are, the realms and intents you can run, and "
                "where to start (by your stated goals when you give some).",
                ("identity.read", "registry.read", "reasoning.optional"),
            ),
            _introduce.introduce_platform,
        ),
        (
            _spec(
                "list_available_mcp_tools",
                m.ListToolsParams,
                m.ListToolsResult,
                "Every intent you can run, as an agent tool with its input schema.",
                ("registry.read",),
            ),
            _introduce.list_available_mcp_tools,
        ),
        (
            _spec(
                "initiate_guide_agent",
                m.InitiateGuideParams,
                m.InitiateGuideResult,
                "Start (or resume) a conversation with the guide agent in this session.",
                ("state.session.write", "registry.read"),
            ),
            _guide.initiate_guide_agent,
        ),
        (
            _spec(
                "process_guide_agent_message",
                m.GuideMessageParams,
                m.GuideMessageResult,
                "Ask the guide: it answers from the intent catalogue and, when asked, runs an "
                "intent for you.",
                ("state.session.write", "registry.read", "children.submit", "reasoning.optional"),
                _guide.admission(registry),
            ),
            _guide.process_guide_agent_message,
        ),
        *_solution_specs(),
    ]


def _solution_specs() -> list[tuple[IntentSpec, Handler]]:
    reads = ("registry.read",)
    return [
        (
            _spec(
                "show_solution_catalog",
                sm.ShowCatalogParams,
                sm.ShowCatalogResult,
                "The registered solutions: their journeys, intents and realms.",
                reads,
            ),
            _solutions.show_solution_catalog,
        ),
        (
            _spec(
                "navigate_to_solution",
                sm.NavigateParams,
                sm.NavigateResult,
                "Open a solution: how to start it; it becomes this session's current solution.",
                (*reads, "state.session.write"),
            ),
            _solutions.navigate_to_solution,
        ),
        (
            _spec(
                "establish_solution_context",
                sm.EstablishContextParams,
                sm.SolutionContext,
                "Keep your goals and the solution's structure for this session.",
                (*reads, "state.session.write"),
            ),
            _solutions.establish_solution_context,
        ),
        (
            _spec(
                "get_solution_context",
                sm.GetContextParams,
                sm.SolutionContext,
                "The context established for a solution in this session.",
                ("state.session.read",),
            ),
            _solutions.get_solution_context,
        ),
    ]


def register(registry: IntentRegistry) -> None:
    """Register the coexistence intents."""
    for spec, handler in _specs(registry):
        registry.register(spec, handler)
