"""`ctx.reasoning` in real executions: no provider, a configured provider, spend per tenant."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from symphainy.config import Settings
from symphainy.errors import ConfigurationError
from symphainy.reasoning import ReasoningProvider
from symphainy.reasoning.testing import FakeChatServer, Reply
from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime, SubmitIntent
from symphainy.runtime._reasoning import StoreUsageLedger
from symphainy.store import open_store
from symphainy.testing import local_runtime


class Ask(BaseModel):
    message: str


class Answer(BaseModel):
    available: bool
    narrative: str | None


def registry() -> IntentRegistry:
    reg = IntentRegistry()

    @reg.intent("narrate_it", params=Ask, result=Answer, realm="test")
    async def narrate_it(ctx: ExecutionContext, p: Ask) -> Answer:
        text = await ctx.reasoning.narrate("guide_answer", **_guide(p.message))
        return Answer(available=ctx.reasoning.available, narrative=text)

    @reg.intent("require_it", params=Ask, result=Answer, realm="test")
    def require_it(ctx: ExecutionContext, p: Ask) -> Answer:
        # A sync handler reaches the provider through ctx.call, like any context coroutine.
        text = ctx.call(ctx.reasoning.require("guide_answer", **_guide(p.message)))
        return Answer(available=True, narrative=text)

    return reg


def _guide(message: str) -> dict[str, object]:
    """The guide prompt's variables: a message, no matches, no clarifying question."""
    return {"message": message, "matches": [], "clarifying_question": ""}


async def run(rt: Runtime, tenant: str, intent: str, message: str):  # type: ignore[no-untyped-def]
    sub = await rt.submit(SubmitIntent(tenant, intent, {"message": message}))
    return await rt.wait(tenant, sub.execution_id, timeout=20)


async def test_without_a_provider_narration_is_absent_and_require_fails_typed(
    database_url: str, tmp_path: Path
) -> None:
    async with local_runtime(registry(), database_url=database_url, home=tmp_path) as rt:
        view = await run(rt, "t1", "narrate_it", "hello")
        assert view.status == "completed"
        assert view.result == {"available": False, "narrative": None}
        failed = await run(rt, "t1", "require_it", "hello")
        assert failed.status == "failed"
        assert failed.attempt == 1, "not configured is not worth retrying"
        assert failed.error is not None
        assert failed.error.type.endswith("/reasoning-not-configured")
        assert "SYMPHAINY_REASONING_BASE_URL" in failed.error.detail


async def test_configured_provider_narrates_and_spend_is_recorded_per_tenant(
    database_url: str, tmp_path: Path, llm: FakeChatServer
) -> None:
    llm.script(
        Reply(text="first", usage={"prompt_tokens": 100, "completion_tokens": 20}),
        Reply(text="second", usage={"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}),
        Reply(text="other tenant"),
        Reply(text="no usage", usage=None),
    )
    settings = {"reasoning_base_url": llm.url, "reasoning_model": "m-1"}
    async with local_runtime(
        registry(), database_url=database_url, home=tmp_path, **settings
    ) as rt:
        one = await run(rt, "t1", "narrate_it", "how do I parse a CSV?")
        two = await run(rt, "t1", "require_it", "and then?")
        await run(rt, "t2", "narrate_it", "hi")
        await run(rt, "t1", "narrate_it", "again")
        assert one.result == {"available": True, "narrative": "first"}
        assert two.result == {"available": True, "narrative": "second"}
        assert "how do I parse a CSV?" in llm.requests[0]["messages"][1]["content"]
        provider = rt.services.reasoning
        t1 = await provider.bind("t1").usage()
        assert (t1.calls, t1.unreported_calls) == (3, 1)
        assert (t1.prompt_tokens, t1.completion_tokens, t1.total_tokens) == (105, 21, 126)
        assert [m.model for m in t1.by_model] == ["m-1"]
        t2 = await provider.bind("t2").usage()
        assert (t2.calls, t2.total_tokens) == (1, 18)
        later = await provider.bind("t1").usage(since=9e12)
        assert later.calls == 0
        entries = [e for e in await rt.wal.entries("t1") if e.kind == "reasoning.used"]
        assert len(entries) == 3
        assert {e.payload["execution_id"] for e in entries} >= {one.execution_id}
        assert entries[0].payload["prompt_name"] == "guide_answer"


async def test_provider_failures_fail_the_execution_instead_of_going_silent(
    tmp_path: Path, llm: FakeChatServer
) -> None:
    llm.script(Reply(status=401))
    settings = {"reasoning_base_url": llm.url, "reasoning_model": "m-1"}
    async with local_runtime(registry(), home=tmp_path, **settings) as rt:
        view = await run(rt, "t1", "narrate_it", "hello")
    assert view.status == "failed"
    assert view.error is not None
    assert view.error.type.endswith("/reasoning-failed")
    assert (view.error.model_extra or {})["provider_status"] == 401


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reasoning_base_url": "http://127.0.0.1:9/v1"}, "no REASONING_MODEL"),
        ({"reasoning_model": "m"}, "no REASONING_BASE_URL"),
        (
            {
                "reasoning_base_url": "http://x/v1",
                "reasoning_model": "m",
                "reasoning_max_retries": -1,
            },
            "MAX_RETRIES",
        ),
    ],
)
def test_half_configured_provider_is_a_configuration_error(
    fields: dict[str, object], message: str, tmp_path: Path
) -> None:
    settings = Settings(home=tmp_path, **fields)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=message):
        ReasoningProvider.from_settings(
            settings, StoreUsageLedger(open_store(f"sqlite:///{tmp_path}/x.db"))
        )
