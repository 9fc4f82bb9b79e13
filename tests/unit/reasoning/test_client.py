"""ChatClient against a local OpenAI-compatible server: answers, usage, retries, typed errors."""

from __future__ import annotations

import time

import pytest

from symphainy.errors import ReasoningFailed, ReasoningUnavailable
from symphainy.reasoning import ChatClient, ChatConfig
from symphainy.reasoning.testing import FakeChatServer, Reply
from symphainy.testing import free_port

MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "what is 2+2?"}]


def client(url: str, **overrides: object) -> ChatClient:
    cfg = {"base_url": url, "model": "test-model", "backoff_seconds": 0.01, **overrides}
    return ChatClient(ChatConfig(**cfg))  # type: ignore[arg-type]


async def test_answer_usage_and_request_shape(llm: FakeChatServer) -> None:
    c = client(llm.url, api_key="sk-test", max_tokens=77, temperature=0.0)
    try:
        done = await c.complete(MESSAGES)
    finally:
        await c.aclose()
    assert done.text == "echo: what is 2+2?"
    assert done.model == "test-model"
    assert (done.usage.prompt_tokens, done.usage.completion_tokens) == (11, 7)
    assert done.usage.total_tokens == 18
    assert done.usage.reported
    assert done.attempts == 1
    sent = llm.requests[0]
    assert sent["messages"] == MESSAGES
    assert (sent["model"], sent["max_tokens"], sent["temperature"]) == ("test-model", 77, 0.0)
    assert llm.auth == ["Bearer sk-test"]


async def test_no_api_key_sends_no_authorization_header(llm: FakeChatServer) -> None:
    c = client(llm.url)
    await c.complete(MESSAGES)
    await c.aclose()
    assert llm.auth == [None]


async def test_missing_usage_is_recorded_as_unreported(llm: FakeChatServer) -> None:
    llm.script(Reply(text="fine", usage=None))
    c = client(llm.url)
    done = await c.complete(MESSAGES)
    await c.aclose()
    assert done.text == "fine"
    assert not done.usage.reported
    assert done.usage.total_tokens == 0


@pytest.mark.parametrize("status", [429, 500, 502, 503])
async def test_transient_statuses_are_retried(llm: FakeChatServer, status: int) -> None:
    llm.script(Reply(status=status), Reply(status=status), Reply(text="third time"))
    c = client(llm.url, max_retries=3)
    done = await c.complete(MESSAGES)
    await c.aclose()
    assert done.text == "third time"
    assert done.attempts == 3
    assert len(llm.requests) == 3


async def test_backoff_doubles_and_retry_after_is_honoured(llm: FakeChatServer) -> None:
    llm.script(Reply(status=503), Reply(status=503), Reply(text="ok"))
    c = client(llm.url, backoff_seconds=0.1)
    start = time.perf_counter()
    await c.complete(MESSAGES)
    assert time.perf_counter() - start >= 0.1 + 0.2
    llm.script(Reply(status=429, headers={"Retry-After": "0.4"}), Reply(text="ok"))
    start = time.perf_counter()
    await c.complete(MESSAGES)
    assert time.perf_counter() - start >= 0.4
    await c.aclose()


async def test_exhausted_retries_raise_unavailable_with_the_last_status(
    llm: FakeChatServer,
) -> None:
    llm.script(*[Reply(status=503)] * 3)
    c = client(llm.url, max_retries=2)
    with pytest.raises(ReasoningUnavailable) as caught:
        await c.complete(MESSAGES)
    await c.aclose()
    assert len(llm.requests) == 3
    problem = caught.value.to_problem()
    assert problem["attempts"] == 3
    assert problem["provider_status"] == 503
    assert "scripted 503" in str(problem["detail"])
    assert type(caught.value).retryable


async def test_a_slow_answer_times_out_and_is_retried(llm: FakeChatServer) -> None:
    llm.script(Reply(text="late", delay=1.0), Reply(text="on time"))
    c = client(llm.url, timeout_seconds=0.3)
    done = await c.complete(MESSAGES)
    await c.aclose()
    assert done.text == "on time"
    assert done.attempts == 2


async def test_timeouts_on_every_attempt_raise_unavailable(llm: FakeChatServer) -> None:
    llm.script(Reply(delay=1.0), Reply(delay=1.0))
    c = client(llm.url, timeout_seconds=0.2, max_retries=1)
    with pytest.raises(ReasoningUnavailable, match="timed out"):
        await c.complete(MESSAGES)
    await c.aclose()


async def test_connection_refused_is_unavailable() -> None:
    c = client(f"http://127.0.0.1:{free_port()}/v1", max_retries=1)
    with pytest.raises(ReasoningUnavailable, match="connection failed"):
        await c.complete(MESSAGES)
    await c.aclose()


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_client_errors_fail_at_once_without_retry(llm: FakeChatServer, status: int) -> None:
    llm.script(Reply(status=status))
    c = client(llm.url)
    with pytest.raises(ReasoningFailed, match=f"HTTP {status}") as caught:
        await c.complete(MESSAGES)
    await c.aclose()
    assert len(llm.requests) == 1
    assert caught.value.to_problem()["provider_status"] == status
    assert caught.value.status == 502


@pytest.mark.parametrize(
    "body",
    [{"choices": []}, {"choices": [{"message": {"content": "   "}}]}, {"unexpected": True}],
)
async def test_malformed_answers_are_failures(llm: FakeChatServer, body: object) -> None:
    llm.script(Reply(body=body))
    c = client(llm.url)
    with pytest.raises(ReasoningFailed):
        await c.complete(MESSAGES)
    await c.aclose()
