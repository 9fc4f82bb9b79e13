"""ChatClient: one OpenAI-compatible `POST {base}/chat/completions`, with timeouts and retries."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from symphainy.errors import ReasoningFailed, ReasoningUnavailable

# 408/409/425/429 and every 5xx are transient on hosted providers; other 4xx are our fault.
_RETRY_STATUS = frozenset({408, 409, 425, 429})


@dataclass(frozen=True, slots=True)
class ChatConfig:
    """Where and how to call the endpoint (built from Settings by the provider)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout_seconds: float = 60.0
    connect_timeout_seconds: float = 5.0
    max_retries: int = 3
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 20.0
    max_tokens: int = 1024
    temperature: float = 0.2


@dataclass(frozen=True, slots=True)
class TokenUsage:
    """The `usage` block of a completion; `reported` is False when the provider sent none."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    reported: bool = False


@dataclass(frozen=True, slots=True)
class Completion:
    """The text a model answered, the model that answered, and what it cost."""

    text: str
    model: str
    usage: TokenUsage
    latency_ms: float
    attempts: int


class ChatClient:
    """Calls one endpoint; the httpx client is opened on first use and closed by `aclose`."""

    def __init__(
        self, config: ChatConfig, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.config = config
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    async def complete(self, messages: list[dict[str, str]]) -> Completion:
        """One chat completion, retried on timeouts, connection errors, 429 and 5xx."""
        cfg = self.config
        body = {
            "model": cfg.model,
            "messages": messages,
            "max_tokens": cfg.max_tokens,
            "temperature": cfg.temperature,
        }
        start = time.perf_counter()
        for attempt in range(1, cfg.max_retries + 2):
            outcome = await self._attempt(body)
            if isinstance(outcome, httpx.Response):
                latency = (time.perf_counter() - start) * 1000
                return _completion(outcome, cfg.model, latency, attempt)
            if attempt > cfg.max_retries:
                raise ReasoningUnavailable(
                    f"reasoning provider failed {attempt} time(s); last: {outcome.reason}",
                    attempts=attempt,
                    provider_status=outcome.status,
                )
            await asyncio.sleep(self._delay(attempt, outcome.retry_after))
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    async def aclose(self) -> None:
        """Close the pooled connections (safe to call when never opened)."""
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def _attempt(self, body: dict[str, Any]) -> httpx.Response | _Transient:
        try:
            response = await self._client().post("/chat/completions", json=body)
        except httpx.TimeoutException as exc:
            return _Transient(f"timed out ({type(exc).__name__})")
        except httpx.TransportError as exc:
            return _Transient(f"connection failed ({type(exc).__name__}: {exc})")
        if response.status_code in _RETRY_STATUS or response.status_code >= 500:
            return _Transient(
                f"HTTP {response.status_code}: {_error_message(response)}",
                response.status_code,
                _retry_after(response),
            )
        if response.status_code >= 400:
            raise ReasoningFailed(
                f"reasoning provider refused the request: HTTP {response.status_code}: "
                f"{_error_message(response)}",
                provider_status=response.status_code,
            )
        return response

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        cfg = self.config
        wanted = cfg.backoff_seconds * 2 ** (attempt - 1) if retry_after is None else retry_after
        return max(0.0, min(wanted, cfg.max_backoff_seconds))

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            cfg = self.config
            headers = {"Authorization": f"Bearer {cfg.api_key}"} if cfg.api_key else {}
            self._http = httpx.AsyncClient(
                base_url=cfg.base_url.rstrip("/"),
                headers=headers,
                timeout=httpx.Timeout(cfg.timeout_seconds, connect=cfg.connect_timeout_seconds),
                transport=self._transport,
            )
        return self._http


@dataclass(frozen=True, slots=True)
class _Transient:
    reason: str
    status: int | None = None
    retry_after: float | None = None


def _completion(response: httpx.Response, model: str, latency: float, attempts: int) -> Completion:
    try:
        data = response.json()
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ReasoningFailed(
            "reasoning provider answered without choices[0].message.content"
        ) from None
    if not isinstance(text, str) or not text.strip():
        raise ReasoningFailed("reasoning provider answered with empty content")
    answered_by = data.get("model") if isinstance(data.get("model"), str) else model
    return Completion(text.strip(), answered_by, _usage(data.get("usage")), latency, attempts)


def _usage(raw: Any) -> TokenUsage:
    if not isinstance(raw, dict):
        return TokenUsage()
    counts = [raw.get(k) for k in ("prompt_tokens", "completion_tokens", "total_tokens")]
    if not all(isinstance(c, int) and c >= 0 for c in counts[:2]):
        return TokenUsage()
    prompt, completion = int(counts[0] or 0), int(counts[1] or 0)
    total = counts[2] if isinstance(counts[2], int) else prompt + completion
    return TokenUsage(prompt, completion, total, reported=True)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP-date; the exponential backoff applies instead


def _error_message(response: httpx.Response) -> str:
    """The provider's own error message, trimmed (never the request, which may hold data)."""
    try:
        error = response.json().get("error")
        message = error.get("message") if isinstance(error, dict) else error
    except (ValueError, AttributeError):
        message = response.text
    return str(message or response.reason_phrase)[:300]


__all__ = ["ChatClient", "ChatConfig", "Completion", "TokenUsage"]
