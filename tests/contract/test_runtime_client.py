"""RuntimeClient ↔ Runtime API: every client method runs against the real app, both engines.

Aligned by construction: the server mounts `RUNTIME_ROUTES` and the clients call it; these tests
check that the published OpenAPI has exactly those operations, that each has a method on both
clients, and that every method works end to end (ASGI in process, and uvicorn over TCP).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from symphainy.contracts import RUNTIME_ROUTES
from symphainy.errors import (
    AuthenticationRequired,
    ExecutionFinished,
    ExecutionNotFound,
    Forbidden,
    IntentNotFound,
    InvalidParameters,
    SymphainyError,
)
from symphainy.sdk import RuntimeClient, SyncRuntimeClient
from tests.integration.runtime_api.harness import (
    A,
    Api,
    runtime_api,
    serve,
    threaded_api,
    token,
)


class Recorder:
    """Proxies a client and records which methods were used."""

    def __init__(self, client: RuntimeClient) -> None:
        self.client = client
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.called.add(name)
        return getattr(self.client, name)

    async def call_operation(self, name: str, /, **arguments: Any) -> Any:
        self.called.add(name)
        return await self.client.call_operation(name, **arguments)


@pytest.fixture(params=["asgi", "uvicorn"])
async def api_client(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Api, RuntimeClient]]:
    async with runtime_api(database_url, tmp_path) as api:
        if request.param == "asgi":
            async with api.client() as client:
                yield api, client
            return
        async with serve(api.app) as url, RuntimeClient(url, token()) as client:
            yield api, client


def test_openapi_operations_are_exactly_the_route_table(tmp_path: Path) -> None:
    async def published() -> dict[str, Any]:
        async with runtime_api(f"sqlite:///{tmp_path}/o.db", tmp_path) as api:
            return api.app.openapi()

    schema = asyncio.run(published())
    found = {
        op["operationId"]: (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    }
    assert found == {name: (r.method, r.path) for name, r in RUNTIME_ROUTES.items()}
    for name, op in RUNTIME_ROUTES.items():
        if op.call is not None and op.generated and not hasattr(RuntimeClient, name):
            continue  # reached through call_operation (a newer operation: no client code)
        assert callable(getattr(RuntimeClient, name)), name
        assert callable(getattr(SyncRuntimeClient, name)), name


async def test_every_client_method_against_the_real_app(
    api_client: tuple[Api, RuntimeClient],
) -> None:
    api, client = api_client
    rc = Recorder(client)
    await _catalogue(rc)
    session_id, execution_id = await _session_and_execution(rc)
    await _artifacts_and_pending(rc, session_id, execution_id)
    await _cancel_and_wal(rc)
    await _upgrade(rc, api)
    await _approval(rc)
    await _schedules(rc, session_id)
    await _retention(rc, api, execution_id)
    await _quotas(rc)
    await _concurrency_limits(rc)
    assert rc.called >= set(RUNTIME_ROUTES), set(RUNTIME_ROUTES) - rc.called


RETENTION_CALLS: dict[str, dict[str, Any]] = {
    "get_retention_policy": {},
    "set_retention_policy": {"execution_days": 30},
    "list_legal_holds": {},
    "run_retention": {"dry_run": True},
}


async def _retention(rc: Any, api: Api, execution_id: str) -> None:
    # The client's member is refused every retention operation; an admin's client is served.
    for name, arguments in RETENTION_CALLS.items():
        with pytest.raises(SymphainyError) as refused:
            await rc.call_operation(name, **arguments)
        assert refused.value.status == 403, name
    async with api.client(roles=("admin",)) as admin:
        admin_rc = Recorder(admin)
        for name, arguments in RETENTION_CALLS.items():
            await admin_rc.call_operation(name, **arguments)
        hold = {"kind": "execution", "target_id": execution_id}
        await admin_rc.call_operation("place_legal_hold", **hold, reason="audit")
        left = await admin_rc.call_operation("release_legal_hold", **hold)
        assert left.holds == []
        rc.called |= admin_rc.called


async def _quotas(rc: Any) -> None:
    # The client's token is a member's: quotas are an admin's (the SDK quota suite runs the
    # admin's calls through the Runtime API, in the `remote` deployment).
    with pytest.raises(Forbidden):
        await rc.call_operation("get_tenant_quotas", tenant_id=A)
    with pytest.raises(Forbidden):
        await rc.call_operation("set_tenant_quotas", tenant_id=A, max_queued=1)


async def _schedules(rc: Any, session_id: str) -> None:
    made = await rc.call_operation(
        "create_schedule",
        intent_type="add_one",
        parameters={"x": 1},
        every_seconds=3600,
        session_id=session_id,
    )
    assert made.status == "active"
    listed = await rc.call_operation("list_schedules", limit=5)
    assert [s.schedule_id for s in listed.schedules] == [made.schedule_id]
    assert (await rc.call_operation("get_schedule", schedule_id=made.schedule_id)) == made
    paused = await rc.call_operation("pause_schedule", schedule_id=made.schedule_id)
    assert paused.status == "paused"
    resumed = await rc.call_operation("resume_schedule", schedule_id=made.schedule_id)
    assert resumed.status == "active"
    fired = await rc.call_operation("trigger_schedule", schedule_id=made.schedule_id)
    assert fired.execution_id
    await rc.call_operation("delete_schedule", schedule_id=made.schedule_id)
    with pytest.raises(SymphainyError) as gone:
        await rc.call_operation("get_schedule", schedule_id=made.schedule_id)
    assert gone.value.status == 404


async def _catalogue(rc: Any) -> None:
    assert (await rc.health()).status == "ok"
    readiness = await rc.ready()
    assert readiness.ready
    assert readiness.migrations_current
    intents = {c.intent_type: c for c in await rc.list_intents()}
    assert intents["add_one"].parameters_schema["properties"]["x"]["type"] == "integer"
    assert {r.realm for r in await rc.list_realms()} == {"test", "journeys"}
    # An operation without a typed method (the RUNTIME_CONTRACTS worked example): by name.
    assert await rc.call_operation("get_intent", intent_type="add_one") == intents["add_one"]
    with pytest.raises(IntentNotFound):
        await rc.call_operation("get_intent", intent_type="no_such")
    journeys = {j.journey_id: j for j in await rc.list_journeys()}
    assert [s.name for s in journeys["approved"].steps] == ["before", "review", "after"]
    with pytest.raises(IntentNotFound, match="no_such"):
        await rc.submit_intent("no_such", {})
    with pytest.raises(InvalidParameters) as info:
        await rc.submit_intent("add_one", {"x": "seven"})
    assert info.value.extra["errors"][0]["loc"] == ["parameters", "x"]


async def _session_and_execution(rc: Any) -> tuple[str, str]:
    session = await rc.create_session({"channel": "test"})
    assert (await rc.get_session(session.session_id)).metadata == {"channel": "test"}
    journey = await rc.call_operation(
        "trigger_journey", journey_id="chain", parameters={"x": 1}, session=session.session_id
    )
    assert (await rc.wait_execution(journey.execution_id, timeout=20)).status == "completed"
    params = {"parent": "p-bytes", "child": "c"}
    first = await rc.submit_intent(
        "make_lineage", params, session_id=session.session_id, idempotency_key="k-1"
    )
    again = await rc.submit_intent(
        "make_lineage", params, session_id=session.session_id, idempotency_key="k-1"
    )
    assert (first.deduplicated, again.deduplicated) == (False, True)
    assert again.execution_id == first.execution_id
    batch = await rc.call_operation(  # the batch submit, on the same key: deduplicated
        "submit_intents",
        intents=[{"intent_type": "make_lineage", "parameters": params, "idempotency_key": "k-1"}],
    )
    assert (batch.accepted, batch.results[0].execution_id) == (1, first.execution_id)
    assert batch.results[0].deduplicated
    view = await rc.get_execution(first.execution_id, wait=10, include_artifacts=True)
    assert view.status == "completed"
    assert view.result == {"value": 2}
    with pytest.raises(ExecutionFinished):  # a newer operation, reached by name
        await rc.call_operation(
            "signal_execution", execution_id=first.execution_id, name="go", payload=1
        )
    assert view.artifacts is not None
    assert len(view.artifacts) == 2
    state = await rc.get_session_state(session.session_id)
    assert state.session.session_id == session.session_id
    assert "last_child" in state.state
    assert state.execution is None
    snapshot = await rc.query_state(session.session_id, first.execution_id)
    assert snapshot.execution is not None
    assert snapshot.execution.artifacts is not None
    assert snapshot.state == state.state
    events = [e async for e in rc.stream_events(first.execution_id)]
    assert [e.seq for e in events] == list(range(1, view.last_event_seq + 1))
    assert events[-1].kind == "execution.completed"
    tail = [e.seq async for e in rc.stream_events(first.execution_id, after=events[-2].seq)]
    assert tail == [events[-1].seq]
    # A newer operation, by name: the history pages are the stream's events.
    page = await rc.call_operation("execution_events", execution_id=first.execution_id, limit=2)
    assert (page.events, page.next_after) == (events[:2], 2)
    return session.session_id, first.execution_id


async def _artifacts_and_pending(rc: Any, session_id: str, execution_id: str) -> None:
    page = await rc.list_artifacts(execution_id=execution_id)
    assert page.total == 2
    by_type = {a.artifact_type: a for a in page.artifacts}
    parent, child = by_type["file"], by_type["parsed_content"]
    assert (await rc.get_artifact(child.artifact_id)).parent_artifacts == [parent.artifact_id]
    assert await rc.get_artifact_content(parent.artifact_id) == b"p-bytes"
    lineage = await rc.get_artifact_lineage(child.artifact_id)
    assert [a.artifact_id for a in lineage.ancestors] == [parent.artifact_id]
    resolved = await rc.resolve_artifact(child.artifact_id, "parsed_content")
    assert resolved.artifact_id == child.artifact_id
    ready = await rc.list_artifacts(lifecycle_state="READY", limit=1)
    assert ready.total == 2
    assert len(ready.artifacts) == 1
    pending = await rc.create_pending_intent(
        "add_one",
        target_artifact_id=child.artifact_id,
        context={"why": "review"},
        session_id=session_id,
    )
    assert (await rc.get_pending_intent(pending.intent_id)).context == {"why": "review"}
    listed = await rc.list_pending_intents(target_artifact_id=child.artifact_id)
    assert [p.intent_id for p in listed.intents] == [pending.intent_id]
    # The live stream never ends, and the ASGI transport answers only whole responses: here its
    # refusal (test_pending_stream_http reads it live over a socket).
    with pytest.raises(InvalidParameters):
        await anext(rc.stream_pending_intents(status="someday"))


async def _cancel_and_wal(rc: Any) -> None:
    slow = await rc.submit_intent("slow_progress", {"steps": 50, "delay": 0.1})
    cancelled = await rc.cancel_execution(slow.execution_id)
    assert cancelled.cancel_requested or cancelled.status == "cancelled"
    final = await rc.wait_execution(slow.execution_id, timeout=10)
    assert final.status == "cancelled"
    retried = await rc.call_operation("retry_execution", execution_id=slow.execution_id)
    assert retried.retry_of == slow.execution_id
    await rc.cancel_execution(retried.execution_id)
    # Finished before the WAL is read below: its entries stop growing.
    assert (await rc.wait_execution(retried.execution_id, timeout=10)).status == "cancelled"
    bulk = await rc.call_operation("retry_failed_executions", dry_run=True)
    assert (bulk.dry_run, bulk.matched) == (True, 0)  # cancelled ones are retried one by one
    with pytest.raises(ExecutionNotFound):
        await rc.get_execution("0" * 32)
    wal = await rc.list_wal(after=0, limit=1000)
    assert [e.seq for e in wal.entries] == list(range(1, len(wal.entries) + 1))
    assert [e.seq for e in (await rc.list_wal(after=2, limit=1)).entries] == [3]
    verified = await rc.verify_wal()
    assert verified.valid
    assert verified.entries_checked == len(wal.entries)
    anchor = await rc.checkpoint_wal()
    assert anchor.seq == verified.head_seq
    assert (await rc.verify_wal(since=anchor.checkpoint)).valid

    async def body() -> AsyncIterator[bytes]:
        yield b"staged "
        yield b"bytes"

    staged = await rc.stage_upload(body())
    assert staged.size == 12
    assert staged.upload_uri.startswith("blob://")


async def _concurrency_limits(rc: Any) -> None:
    assert await rc.call_operation("list_concurrency_limits") == []
    with pytest.raises(Forbidden):  # a member's token: overriding takes an admin
        await rc.call_operation("set_concurrency_limit", intent_type="add_one", max_running=2)
    async with RuntimeClient(
        str(rc.client._http.base_url),
        token(roles=("member", "admin")),
        transport=rc.client._http._transport,
    ) as admin:
        view = await admin.call_operation(
            "set_concurrency_limit", intent_type="add_one", max_running=2
        )
    assert (view.intent_type, view.override, view.effective) == ("add_one", 2, 2)
    assert [v.intent_type for v in await rc.call_operation("list_concurrency_limits")] == [
        "add_one"
    ]


async def _upgrade(rc: Any, api: Api) -> None:
    anon_token = token("anon:s-upgrade", None, anonymous=True, session_id="s-upgrade")
    async with RuntimeClient(
        str(rc.client._http.base_url), anon_token, transport=rc.client._http._transport
    ) as anon:
        created = await anon.create_session()
        assert (created.session_id, created.is_anonymous) == ("s-upgrade", True)
        sub = await anon.submit_intent("add_one", {"x": 1}, session_id="s-upgrade")
        await anon.wait_execution(sub.execution_id, timeout=10)
    upgraded = await rc.upgrade_session("s-upgrade", anon_token, {"via": "login"})
    assert (upgraded.tenant_id, upgraded.user_id, upgraded.is_anonymous) == (A, "u1", False)
    moved = await rc.get_execution(sub.execution_id)
    assert moved.session_id == "s-upgrade"


async def _approval(rc: Any) -> None:
    sub = await rc.submit_intent("compose_journey", {"journey_id": "approved"})
    for _ in range(200):
        page = await rc.list_pending_intents(intent_type="approval", status="pending")
        if page.intents:
            break
        await asyncio.sleep(0.05)
    else:
        view = await rc.get_execution(sub.execution_id)
        events = (
            [e async for e in rc.stream_events(sub.execution_id)]
            if view.status in ("completed", "failed")
            else []
        )
        raise AssertionError(f"no approval request: {view}; {events}")
    decided = await rc.decide_pending_intent(page.intents[0].intent_id, "approve", comment="ok")
    assert decided.status == "completed"
    final = await rc.wait_execution(sub.execution_id, timeout=20)
    assert final.status == "completed"
    assert final.result["steps"][1]["result"]["comment"] == "ok"
    steps = await rc.list_executions(parent_execution_id=sub.execution_id)
    assert sorted(e.intent_type for e in steps.executions) == [
        "add_one",
        "add_one",
        "request_approval",
    ]


def test_sync_client_against_uvicorn(tmp_path: Path) -> None:
    with (
        threaded_api(f"sqlite:///{tmp_path}/s.db", tmp_path) as url,
        SyncRuntimeClient(url, lambda: token()) as client,
    ):
        assert client.health().status == "ok"
        assert client.ready().ready
        sub = client.submit_intent("progress", {"x": 3}, idempotency_key="sync-1")
        assert client.wait_execution(sub.execution_id, timeout=10).result == {"value": 3}
        kinds = [e.kind for e in client.stream_events(sub.execution_id)]
        assert kinds.count("progress") == 3
        assert kinds[-1] == "execution.completed"
        with pytest.raises(IntentNotFound):
            client.submit_intent("nope")
        assert client.verify_wal().valid
        assert client.call_operation("get_intent", intent_type="progress").intent_type == "progress"


async def test_client_closes_cleanly_and_takes_a_token_provider(tmp_path: Path) -> None:
    calls = 0

    async def provider() -> str:
        nonlocal calls
        calls += 1
        return token()

    async with runtime_api(f"sqlite:///{tmp_path}/t.db", tmp_path) as api:
        transport = httpx.ASGITransport(api.app)
        async with RuntimeClient("http://runtime", provider, transport=transport) as client:
            await client.list_realms()
            await client.list_intents()
    assert calls == 2
    assert client._http.is_closed


async def test_bound_clients_share_one_pool_and_keep_their_own_token(tmp_path: Path) -> None:
    async with runtime_api(f"sqlite:///{tmp_path}/t.db", tmp_path) as api:
        transport = httpx.ASGITransport(api.app)
        async with RuntimeClient("http://runtime", "", transport=transport) as shared:
            bound = shared.with_token(token())
            assert bound._http is shared._http
            with pytest.raises(AuthenticationRequired):
                await shared.list_realms()  # the shared client has no token of its own
            assert await bound.list_realms() == await shared.with_token(token()).list_realms()
