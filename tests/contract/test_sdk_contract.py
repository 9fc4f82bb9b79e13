"""One contract suite for the Experience SDK: LocalSDK (in process) and HttpSDK (over HTTP)."""

from __future__ import annotations

import base64

import pytest

from symphainy.errors import (
    AuthenticationRequired,
    ExecutionNotFound,
    Forbidden,
    IntentNotFound,
    InvalidParameters,
    SessionNotFound,
)
from symphainy.sdk import ExperienceSDK, HttpSDK
from tests.integration.gateway.platform import PASSWORD, Platform


async def test_is_an_experience_sdk(sdk: ExperienceSDK) -> None:
    assert isinstance(sdk, ExperienceSDK)


async def test_invoke_subscribe_and_query_state(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session({"surface": "test"})
    sub = await sdk.invoke_intent("progress", {"x": 3}, session)
    events = [e async for e in sdk.subscribe(sub.execution_id)]
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[-1].kind == "execution.completed"
    assert [e.data["percent"] for e in events if e.kind == "progress"] == [33, 66, 100]
    snap = await sdk.query_state(session, sub.execution_id)
    assert snap.session.session_id == session.session_id
    assert snap.execution is not None
    assert snap.execution.result == {"value": 3}


async def test_subscribe_resumes_after_a_seq(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    sub = await sdk.invoke_intent("progress", {"x": 2}, session)
    final = await sdk.wait(sub.execution_id, timeout=10)
    rest = [e.seq async for e in sdk.subscribe(sub.execution_id, after=2)]
    assert rest == list(range(3, final.last_event_seq + 1))


async def test_idempotent_invoke(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    a = await sdk.invoke_intent("add_one", {"x": 1}, session, idempotency_key="k")
    b = await sdk.invoke_intent("add_one", {"x": 1}, session, idempotency_key="k")
    assert a.execution_id == b.execution_id
    assert b.deduplicated


async def test_typed_errors(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    with pytest.raises(IntentNotFound):
        await sdk.invoke_intent("nope", {}, session)
    with pytest.raises(InvalidParameters):
        await sdk.invoke_intent("add_one", {"x": "seven"}, session)
    with pytest.raises(SessionNotFound):
        await sdk.invoke_intent("add_one", {"x": 1}, "no-such-session")
    with pytest.raises(ExecutionNotFound):
        await sdk.get_execution("no-such-execution")


async def test_content_chain_artifacts_and_lineage(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    data = base64.b64encode(b"a,b\n1,2\n3,4\n").decode()
    ingested = await sdk.wait(
        (
            await sdk.invoke_intent(
                "ingest_file", {"ui_name": "t.csv", "file_content_base64": data}, session
            )
        ).execution_id
    )
    file_id = ingested.result["artifact_id"]
    await sdk.wait(
        (
            await sdk.invoke_intent(
                "save_materialization",
                {
                    "file_id": file_id,
                    "boundary_contract_id": ingested.result["boundary_contract_id"],
                },
                session,
            )
        ).execution_id
    )
    pending = await sdk.list_pending(target_artifact_id=file_id)
    assert [i.intent_type for i in pending.intents] == ["parse_content"]
    parsed = await sdk.wait(
        (await sdk.invoke_intent("parse_content", {"file_id": file_id}, session)).execution_id
    )
    parsed_id = parsed.result["parsed_file_id"]
    lineage = await sdk.artifact_lineage(parsed_id)
    assert lineage.parents == [file_id]
    assert (await sdk.resolve_artifact(file_id, "file")).lifecycle_state == "READY"
    assert await sdk.artifact_content(file_id) == b"a,b\n1,2\n3,4\n"
    page = await sdk.list_artifacts(artifact_type="parsed_content")
    assert [a.artifact_id for a in page.artifacts] == [parsed_id]


async def test_catalogue_and_wal(sdk: ExperienceSDK) -> None:
    intents = {c.intent_type: c for c in await sdk.list_intents()}
    assert intents["echo"].anonymous_ok
    assert "x" in intents["add_one"].parameters_schema["properties"]
    assert "content" in {r.realm for r in await sdk.list_realms()}
    session = await sdk.create_session()
    await sdk.wait((await sdk.invoke_intent("add_one", {"x": 1}, session)).execution_id)
    check = await sdk.verify_wal()
    assert check.valid
    assert check.entries_checked > 4
    kinds = [e.kind for e in await sdk.wal_entries(limit=1000)]
    assert "user.registered" in kinds
    assert "execution.completed" in kinds


async def test_cancel(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    sub = await sdk.invoke_intent("sleep", {"seconds": 0.25}, session)
    # Cancel at once: over ASGITransport an SSE response arrives only once complete.
    await sdk.cancel(sub.execution_id)
    assert (await sdk.wait(sub.execution_id, timeout=5)).status == "cancelled"


@pytest.mark.parametrize("via", ["http", "remote"])
async def test_http_anonymous_session_upgrades_in_place(plat: Platform, via: str) -> None:
    make = plat.remote_http if via == "remote" else plat.http
    anon = make()
    session = await anon.create_anonymous_session()
    sub = await anon.invoke_intent("echo", {"message": "hi"}, session)
    assert (await anon.wait(sub.execution_id)).result == {"echo": "hi"}
    with pytest.raises(Forbidden):
        await anon.invoke_intent("progress", {"x": 1}, session)
    user: HttpSDK = make()
    await user.register("late@example.com", PASSWORD, "Late")
    assert anon.token is not None
    upgraded = await user.upgrade_session(session, anon.token)
    assert not upgraded.is_anonymous
    assert upgraded.user_id is not None
    moved = await user.get_execution(sub.execution_id)
    assert moved.result == {"echo": "hi"}
    ok = await user.invoke_intent("progress", {"x": 1}, session)
    assert (await user.wait(ok.execution_id)).result == {"value": 1}
    with pytest.raises(AuthenticationRequired):
        await anon.get_session(session)  # the anonymous token was revoked on upgrade
    await anon.aclose()
    await user.aclose()


async def test_embeddings_chain_and_search(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()

    async def run(intent: str, params: dict) -> dict:
        view = await sdk.wait((await sdk.invoke_intent(intent, params, session)).execution_id)
        assert view.status == "completed", view.error
        return view.result

    rows = "customer_email,amount\nada@example.com,10\nbob@example.com,\nnot-an-email,3\n"
    ingested = await run(
        "ingest_file",
        {"ui_name": "c.csv", "file_content_base64": base64.b64encode(rows.encode()).decode()},
    )
    await run(
        "save_materialization",
        {
            "file_id": ingested["artifact_id"],
            "boundary_contract_id": ingested["boundary_contract_id"],
        },
    )
    parsed = await run("parse_content", {"file_id": ingested["artifact_id"]})
    det = await run("create_deterministic_embeddings", {"parsed_file_id": parsed["parsed_file_id"]})
    assert len(det["schema_fingerprint"]) == 64
    sem = await run(
        "extract_embeddings",
        {
            "parsed_file_id": parsed["parsed_file_id"],
            "deterministic_embedding_id": det["deterministic_embedding_id"],
        },
    )
    assert sem["dimension"] == 384
    lineage = await sdk.artifact_lineage(sem["embedding_id"])
    assert set(lineage.parents) == {parsed["parsed_file_id"], det["deterministic_embedding_id"]}
    found = await run("search_content", {"query": "bob@example.com", "mode": "text"})
    assert any(h["column"] == "customer_email" for h in found["hits"])


@pytest.mark.parametrize("via", ["http", "remote"])
async def test_upload_then_ingest(plat: Platform, via: str) -> None:
    sdk = plat.remote_http() if via == "remote" else plat.http()
    await sdk.register("up@example.com", PASSWORD, "Up")
    staged = await sdk.upload(b"k,v\n1,2\n", "kv.csv")
    assert staged.size == 8
    session = await sdk.create_session()
    view = await sdk.wait(
        (
            await sdk.invoke_intent(
                "ingest_file", {"ui_name": "kv.csv", "upload_uri": staged.upload_uri}, session
            )
        ).execution_id
    )
    assert view.result["sha256"] == staged.sha256
    assert await sdk.artifact_content(view.result["artifact_id"]) == b"k,v\n1,2\n"
    await sdk.aclose()


async def test_schedule_lifecycle(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    made = await sdk.create_schedule(
        intent_type="add_one",
        parameters={"x": 1},
        every_seconds=3600,
        session_id=session.session_id,
    )
    page = await sdk.list_schedules(limit=5)  # a query-string integer, over HTTP too
    assert [s.schedule_id for s in page.schedules] == [made.schedule_id]
    assert page.limit == 5
    assert (await sdk.pause_schedule(made.schedule_id)).status == "paused"
    assert (await sdk.list_schedules(status="paused", limit=1)).total == 1
    await sdk.trigger_schedule(made.schedule_id)
    runs = await sdk.list_executions(schedule_id=made.schedule_id)
    assert [r.intent_type for r in runs.executions] == ["add_one"]
    await sdk.delete_schedule(made.schedule_id)
    assert (await sdk.list_schedules()).schedules == []
