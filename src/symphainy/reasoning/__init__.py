"""The reasoning provider: an optional OpenAI-compatible model that turns facts into prose.

Intents reach it as `ctx.reasoning` (a `Reasoning` bound to their execution):
`available`, `await narrate(prompt_name, **variables) -> str | None` (None when no provider is
configured) and `await require(...) -> str` (raises `ReasoningNotConfigured`). Prompts are
files in `prompts/`; spend is recorded per tenant through a `UsageLedger`. This package knows
nothing of the store, the gateway or the SDK: the runtime supplies the ledger.
"""

from __future__ import annotations

from symphainy.reasoning._client import ChatClient, ChatConfig, Completion, TokenUsage
from symphainy.reasoning._prompts import Prompt, PromptLibrary, parse_prompt
from symphainy.reasoning._provider import (
    ModelUsage,
    Reasoning,
    ReasoningProvider,
    UsageLedger,
    UsageRecord,
    UsageTotals,
)

__all__ = [
    "ChatClient",
    "ChatConfig",
    "Completion",
    "ModelUsage",
    "Prompt",
    "PromptLibrary",
    "Reasoning",
    "ReasoningProvider",
    "TokenUsage",
    "UsageLedger",
    "UsageRecord",
    "UsageTotals",
    "parse_prompt",
]
