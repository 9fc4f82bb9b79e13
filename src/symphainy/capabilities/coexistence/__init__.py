"""Coexistence capability: the platform introducing itself, its tools, and the guide agent.

Changes from upstream are listed in `docs/capabilities/coexistence.md`.
"""

from __future__ import annotations

from pydantic import BaseModel

from symphainy.capabilities.coexistence import _guide, _introduce
from symphainy.capabilities.coexistence import _models as m
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "coexistence"
EXPERIENCE = "guide_agent"


def _spec(
    intent_type: str,
    params: type[BaseModel],
    result: type[BaseModel],
    description: str,
    obligations: tuple[str, ...],
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
    )


def _specs() -> list[tuple[IntentSpec, Handler]]:
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
                "Ask the guide: it answers from the intent catalogue.",
                ("state.session.write", "registry.read", "reasoning.optional"),
            ),
            _guide.process_guide_agent_message,
        ),
    ]


def register(registry: IntentRegistry) -> None:
    """Register the coexistence intents."""
    for spec, handler in _specs():
        registry.register(spec, handler)
