"""ReasoningProvider (one per runtime) and Reasoning (`ctx.reasoning`, bound to one execution)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from symphainy.config import Settings
from symphainy.errors import ConfigurationError, ReasoningNotConfigured
from symphainy.reasoning._client import ChatClient, ChatConfig, Completion
from symphainy.reasoning._prompts import PromptLibrary


@dataclass(frozen=True, slots=True)
class UsageRecord:
    """What one call spent, attributed to the tenant (and execution) that made it."""

    tenant_id: str
    execution_id: str | None
    intent_type: str | None
    prompt_name: str
    completion: Completion


@dataclass(frozen=True, slots=True)
class ModelUsage:
    """One tenant's calls and tokens on one model."""

    model: str
    calls: int
    unreported_calls: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


@dataclass(frozen=True, slots=True)
class UsageTotals:
    """One tenant's spend, overall and per model; `unreported_calls` sent no `usage` block."""

    tenant_id: str
    by_model: list[ModelUsage] = field(default_factory=list)

    @property
    def calls(self) -> int:
        """Completed calls."""
        return sum(m.calls for m in self.by_model)

    @property
    def prompt_tokens(self) -> int:
        """Prompt tokens over every model."""
        return sum(m.prompt_tokens for m in self.by_model)

    @property
    def completion_tokens(self) -> int:
        """Completion tokens over every model."""
        return sum(m.completion_tokens for m in self.by_model)

    @property
    def total_tokens(self) -> int:
        """Total tokens over every model."""
        return sum(m.total_tokens for m in self.by_model)

    @property
    def unreported_calls(self) -> int:
        """Calls whose provider reported no token counts."""
        return sum(m.unreported_calls for m in self.by_model)


class UsageLedger(Protocol):
    """Where spend is persisted (the runtime implements it over its store)."""

    async def record(self, record: UsageRecord) -> None:
        """Persist one call's usage."""

    async def admit(self, tenant_id: str) -> None:
        """Raise (a `QuotaExceeded`) when the tenant may not spend more tokens now."""

    async def totals(self, tenant_id: str, since: float | None = None) -> UsageTotals:
        """A tenant's spend since `since` (epoch seconds; all time when None)."""


class ReasoningProvider:
    """The configured endpoint (or none), the prompt library and the usage ledger."""

    def __init__(
        self, client: ChatClient | None, ledger: UsageLedger, prompts: PromptLibrary | None = None
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.prompts = prompts or PromptLibrary()

    @classmethod
    def from_settings(
        cls, settings: Settings, ledger: UsageLedger, prompts: PromptLibrary | None = None
    ) -> ReasoningProvider:
        """A provider for `settings`; no client when no base URL is set."""
        return cls(_client(settings), ledger, prompts)

    @property
    def available(self) -> bool:
        """Whether an endpoint is configured."""
        return self.client is not None

    def bind(
        self, tenant_id: str, execution_id: str | None = None, intent_type: str | None = None
    ) -> Reasoning:
        """The view one execution uses (spend is charged to `tenant_id`)."""
        return Reasoning(self, tenant_id, execution_id, intent_type)

    async def aclose(self) -> None:
        """Release the HTTP client's connections."""
        if self.client is not None:
            await self.client.aclose()


class Reasoning:
    """`ctx.reasoning`: prose from a prompt file, charged to the execution's tenant."""

    def __init__(
        self,
        provider: ReasoningProvider,
        tenant_id: str,
        execution_id: str | None,
        intent_type: str | None,
    ) -> None:
        self._p, self._tenant = provider, tenant_id
        self._execution, self._intent = execution_id, intent_type

    @property
    def available(self) -> bool:
        """Whether a reasoning provider is configured."""
        return self._p.available

    @property
    def model(self) -> str | None:
        """The configured model name, or None."""
        return self._p.client.config.model if self._p.client is not None else None

    async def narrate(self, prompt_name: str, **variables: Any) -> str | None:
        """The model's answer to the rendered prompt, or None when no provider is configured.

        The prompt is rendered (and so checked) either way. A configured provider that fails
        raises `ReasoningUnavailable` or `ReasoningFailed`: it never turns into None.
        """
        messages = self._p.prompts.get(prompt_name).render(variables)
        if self._p.client is None:
            return None
        await self._p.ledger.admit(self._tenant)  # before the call: a refused one costs nothing
        completion = await self._p.client.complete(messages)
        record = UsageRecord(self._tenant, self._execution, self._intent, prompt_name, completion)
        await self._p.ledger.record(record)
        return completion.text

    async def require(self, prompt_name: str, **variables: Any) -> str:
        """Like `narrate`, but raises `ReasoningNotConfigured` when no provider is configured."""
        text = await self.narrate(prompt_name, **variables)
        if text is None:
            raise ReasoningNotConfigured(
                f"{self._intent or 'this intent'} needs a reasoning provider "
                "(set SYMPHAINY_REASONING_BASE_URL and SYMPHAINY_REASONING_MODEL)"
            )
        return text

    async def usage(self, since: float | None = None) -> UsageTotals:
        """This tenant's reasoning spend (since `since`, epoch seconds)."""
        return await self._p.ledger.totals(self._tenant, since)


def _client(settings: Settings) -> ChatClient | None:
    if not settings.reasoning_base_url:
        if settings.reasoning_model:
            raise ConfigurationError("SYMPHAINY_REASONING_MODEL is set but no REASONING_BASE_URL")
        return None
    if not settings.reasoning_model:
        raise ConfigurationError("SYMPHAINY_REASONING_BASE_URL is set but no REASONING_MODEL")
    if settings.reasoning_max_retries < 0:
        raise ConfigurationError("SYMPHAINY_REASONING_MAX_RETRIES must be 0 or more")
    return ChatClient(
        ChatConfig(
            base_url=settings.reasoning_base_url,
            model=settings.reasoning_model,
            api_key=settings.reasoning_api_key.get_secret_value(),
            timeout_seconds=settings.reasoning_timeout_seconds,
            connect_timeout_seconds=settings.reasoning_connect_timeout_seconds,
            max_retries=settings.reasoning_max_retries,
            backoff_seconds=settings.reasoning_backoff_seconds,
            max_backoff_seconds=settings.reasoning_max_backoff_seconds,
            max_tokens=settings.reasoning_max_tokens,
            temperature=settings.reasoning_temperature,
        )
    )


__all__ = [
    "ModelUsage",
    "Reasoning",
    "ReasoningProvider",
    "UsageLedger",
    "UsageRecord",
    "UsageTotals",
]
