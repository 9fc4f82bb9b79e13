"""With a reasoning provider, operations results carry prose; its failures are not hidden."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from symphainy.reasoning.testing import FakeChatServer, Reply, fake_chat_server
from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import fails, ok, ops_runtime


@pytest.fixture(scope="module")
def llm_server() -> Iterator[FakeChatServer]:
    with fake_chat_server() as server:
        yield server


@pytest.fixture
async def rt(llm_server: FakeChatServer, tmp_path: Path) -> AsyncIterator[Runtime]:
    llm_server.reset()
    async with ops_runtime(
        f"sqlite:///{tmp_path}/s.db",
        tmp_path,
        reasoning_base_url=llm_server.url,
        reasoning_model="test-model",
        reasoning_max_retries=0,
    ) as runtime:
        yield runtime


async def test_prose_comes_from_the_provider_and_the_facts_are_unchanged(
    rt: Runtime, llm_server: FakeChatServer
) -> None:
    wf = await ok(
        rt,
        "create_workflow",
        {"workflow_description": "Clerk: record the refund request\nManager: approve the refund"},
    )
    sop = await ok(rt, "generate_sop", {"workflow_id": wf["workflow_artifact_id"]})
    assert sop["narrative_status"] == "generated"
    assert sop["narrative"].startswith("echo: The procedure, in Markdown:")
    assert "2. Manager: Approve the refund" in sop["narrative"]
    analysis = await ok(rt, "analyze_coexistence", {"workflow_id": wf["workflow_artifact_id"]})
    assert analysis["narrative_status"] == "generated"
    assert '"classification": "keep-human"' in analysis["narrative"]
    assert analysis["summary"] == {"automate": 1, "assist": 0, "keep-human": 1}
    assert [r["model"] for r in llm_server.requests] == ["test-model", "test-model"]


async def test_a_failing_provider_fails_the_intent(rt: Runtime, llm_server: FakeChatServer) -> None:
    wf = await ok(rt, "create_workflow", {"workflow_description": "Clerk: log the call"})
    llm_server.script(Reply(status=400, text="bad"), Reply(status=400, text="bad"))
    await fails(
        rt, "optimize_process", {"workflow_id": wf["workflow_artifact_id"]}, "reasoning-failed"
    )
