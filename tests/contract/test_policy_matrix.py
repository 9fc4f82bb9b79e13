"""Every SDK operation, every policy case, on all three deployments: the answers are identical.

Deployments: in process (LocalSDK = `Runtime.for_caller`), HTTP to the in-process Experience
service (`symphainy up`), and HTTP through the split deployment (Experience → Runtime API).
Each row names an operation, a policy case, the caller, the call and its one right answer: an
error's problem type and status, or a value (`OK` when any success will do).
"""

# ruff: noqa: E501
from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from symphainy import errors as e
from symphainy.errors import SymphainyError
from symphainy.sdk import ExperienceSDK, HttpSDK, LocalSDK
from symphainy.security import Principal
from tests.integration.gateway.platform import PASSWORD, Platform, platform

BODY_LIMIT = 16_384
UPLOAD_LIMIT = 4_096
KINDS = ("local", "http", "remote")
OK = "ok"
NUL, CONTROL, LONG = "a\x00b", "a\x1fb", "x" * 200


@dataclass
class World:
    """Two tenants' worth of things to aim at; `A` is the callers' tenant, `B` a foreign one."""

    plat: Platform
    tokens: dict[str, str]
    session: str  # the admin's session in A
    execution: str
    artifact: str
    pending: str
    anon_session: str
    anon_execution: str
    b_session: str
    b_execution: str
    b_artifact: str
    b_pending: str
    b_checkpoint: str
    other_anon_session: str

    async def principal(self, actor: str) -> Principal:
        return await self.plat.guard.authenticate(self.tokens[actor])

    async def sdk(self, kind: str, actor: str) -> ExperienceSDK:
        if kind == "local":
            return LocalSDK(self.plat.runtime, await self.principal(actor))
        app = self.plat.app if kind == "http" else self.plat.remote_app
        return HttpSDK("http://gateway.test", self.tokens[actor], transport=_asgi(app))

    async def proof(self, kind: str, actor: str) -> Principal | str:
        """What proves an anonymous session: its Principal in process, its token over HTTP."""
        return await self.principal(actor) if kind == "local" else self.tokens[actor]


def _asgi(app: Any) -> httpx.ASGITransport:
    return httpx.ASGITransport(app)


Call = Callable[[Any, World, str], Awaitable[Any]]


@dataclass(frozen=True)
class Row:
    op: str
    case: str
    actor: str
    call: Call
    expect: Any
    """An error class, or the value every deployment must return."""


async def chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def ok(aw: Awaitable[Any]) -> str:
    await aw
    return OK


async def count(aw: Awaitable[Any], attr: str) -> int:
    return len(getattr(await aw, attr))


async def last_kind(it: AsyncIterator[Any]) -> str:
    kinds: list[str] = [event.kind async for event in it]
    return kinds[-1]


async def same_twice(submit: Callable[[], Awaitable[Any]]) -> bool:
    """Whether submitting twice (with one idempotency key) gives one execution."""
    return bool((await submit()).execution_id == (await submit()).execution_id)


async def first_kind(aw: Awaitable[Any]) -> str:
    return str((await aw).events[0].kind)


async def scheduled(aw: Awaitable[Any], sdk: Any) -> str:
    """The status of the execution a submit started (its view read back)."""
    return str((await sdk.get_execution((await aw).execution_id)).status)


async def cancel_scheduled(sdk: Any, session: str) -> str:
    sub = await sdk.invoke_intent("add_one", {"x": 1}, session, not_before=IN_A_MONTH)
    return str((await sdk.cancel(sub.execution_id)).status)


async def intent_type_of(aw: Awaitable[Any]) -> str:
    return str((await aw).intent_type)


async def pending_id(aw: Awaitable[Any]) -> str:
    view = await aw
    return "same" if view.status == "pending" and view.intent_id else repr(view)


async def upgrade(s: Any, w: World, kind: str, session: str, owner: str) -> str:
    return await ok(s.upgrade_session(session, await w.proof(kind, owner)))


async def problems(aw: Awaitable[Any]) -> list[str | None]:
    """Each item of a batch submit: None when accepted, else its problem's type (the slug)."""
    results = (await aw).results
    return [None if r.problem is None else r.problem.type.rsplit("/", 1)[1] for r in results]


def item(session: str | None, intent: str = "add_one", **fields: Any) -> dict[str, Any]:
    """One batch-submit item (its parameters fit `add_one` unless given)."""
    parameters = fields.pop("parameters", {"x": 1})
    return {"intent_type": intent, "parameters": parameters, "session_id": session, **fields}


BIG = "x" * (BODY_LIMIT + 1)
IN_A_MONTH = (datetime.now(timezone(timedelta(hours=1))) + timedelta(days=30)).isoformat()
"""A delayed start within the default bound, written with a non-UTC offset."""
R = Row
# A table reads best one row to a line.
# fmt: off
ROWS: list[Row] = [
    # foreign tenant: a member of A names B's session, execution, artifact, pending intent.
    R("get_session", "foreign tenant", "member", lambda s, w, k: s.get_session(w.b_session), e.SessionNotFound),
    R("query_state", "foreign tenant", "member", lambda s, w, k: s.query_state(w.b_session), e.SessionNotFound),
    R("query_state", "foreign tenant", "member", lambda s, w, k: s.query_state(w.session, w.b_execution), e.ExecutionNotFound),
    R("invoke_intent", "foreign tenant", "member", lambda s, w, k: s.invoke_intent("add_one", {"x": 1}, w.b_session), e.SessionNotFound),
    R("trigger_journey", "foreign tenant", "member", lambda s, w, k: s.trigger_journey("chain", {"x": 1}, w.b_session), e.SessionNotFound),
    R("subscribe", "foreign tenant", "member", lambda s, w, k: last_kind(s.subscribe(w.b_execution)), e.ExecutionNotFound),
    R("get_execution", "foreign tenant", "member", lambda s, w, k: s.get_execution(w.b_execution), e.ExecutionNotFound),
    R("list_executions", "foreign tenant", "member", lambda s, w, k: count(s.list_executions(session_id=w.b_session), "executions"), 0),
    R("wait", "foreign tenant", "member", lambda s, w, k: s.wait(w.b_execution, 5), e.ExecutionNotFound),
    R("execution_events", "foreign tenant", "member", lambda s, w, k: s.execution_events(w.b_execution), e.ExecutionNotFound),
    R("cancel", "foreign tenant", "member", lambda s, w, k: s.cancel(w.b_execution), e.ExecutionNotFound),
    R("retry_execution", "foreign tenant", "member", lambda s, w, k: s.retry_execution(w.b_execution), e.ExecutionNotFound),
    R("retry_failed", "foreign tenant", "member", lambda s, w, k: count(s.retry_failed(dry_run=True), "executions"), 0),
    R("resolve_artifact", "foreign tenant", "member", lambda s, w, k: s.resolve_artifact(w.b_artifact), e.ArtifactNotFound),
    R("list_artifacts", "foreign tenant", "member", lambda s, w, k: count(s.list_artifacts(execution_id=w.b_execution), "artifacts"), 0),
    R("artifact_lineage", "foreign tenant", "member", lambda s, w, k: s.artifact_lineage(w.b_artifact), e.ArtifactNotFound),
    R("artifact_content", "foreign tenant", "member", lambda s, w, k: s.artifact_content(w.b_artifact), e.ArtifactNotFound),
    R("list_pending", "foreign tenant", "member", lambda s, w, k: count(s.list_pending(target_artifact_id=w.b_artifact), "intents"), 0),
    R("create_pending", "foreign tenant", "member", lambda s, w, k: s.create_pending("add_one", session=w.b_session), e.SessionNotFound),
    R("create_pending", "foreign tenant", "member", lambda s, w, k: s.create_pending("add_one", w.b_artifact), e.ArtifactNotFound),
    R("get_pending", "foreign tenant", "member", lambda s, w, k: s.get_pending(w.b_pending), e.PendingIntentNotFound),
    R("decide_pending", "foreign tenant", "member", lambda s, w, k: s.decide_pending(w.b_pending, "approve"), e.PendingIntentNotFound),
    R("signal", "foreign tenant", "member", lambda s, w, k: s.signal(w.b_execution, "go", {"forged": True}), e.ExecutionNotFound),
    R("signal", "finished", "member", lambda s, w, k: s.signal(w.execution, "go"), e.ExecutionFinished),
    R("signal", "unknown", "member", lambda s, w, k: s.signal("no-such-execution", "go"), e.ExecutionNotFound),
    R("verify_wal", "foreign tenant", "member", lambda s, w, k: s.verify_wal(w.b_checkpoint), e.InvalidCheckpoint),
    # foreign session: an anonymous credential is bound to its own session.
    R("invoke_intents", "foreign tenant", "member", lambda s, w, k: problems(s.invoke_intents([item(w.session), item(w.b_session)])), [None, e.SessionNotFound.problem_type]),
    R("invoke_intents", "foreign tenant", "member", lambda s, w, k: s.invoke_intents([item(w.session, tenant_id="b")]), e.InvalidParameters),
    R("invoke_intents", "anonymous", "anon", lambda s, w, k: problems(s.invoke_intents([item(w.anon_session, "echo", parameters={"message": "hi"}), item(w.anon_session, "progress"), item(w.other_anon_session)])), [None, e.Forbidden.problem_type, e.Forbidden.problem_type]),
    R("invoke_intents", "roles", "admin", lambda s, w, k: problems(s.invoke_intents([item(w.session, parent_execution_id=w.execution), item(w.session, "get_platform_statistics", parameters={})])), [e.Forbidden.problem_type, None]),
    R("invoke_intents", "roles", "member", lambda s, w, k: problems(s.invoke_intents([item(w.session, "get_platform_statistics", parameters={})])), [e.Forbidden.problem_type]),
    R("invoke_intents", "oversize", "member", lambda s, w, k: s.invoke_intents([item(w.session, "echo", parameters={"message": BIG})]), e.PayloadTooLarge),
    R("invoke_intents", "oversize", "member", lambda s, w, k: s.invoke_intents([]), e.InvalidParameters),
    R("invoke_intents", "oversize", "member", lambda s, w, k: s.invoke_intents([item(w.session, "x" * 129)]), e.InvalidParameters),
    R("invoke_intent", "foreign session", "anon", lambda s, w, k: s.invoke_intent("add_one", {"x": 1}, w.other_anon_session), e.Forbidden),
    R("get_session", "foreign session", "anon", lambda s, w, k: s.get_session(w.other_anon_session), e.SessionNotFound),
    R("get_execution", "foreign session", "anon", lambda s, w, k: s.get_execution(w.execution), e.ExecutionNotFound),
    R("execution_events", "foreign session", "anon", lambda s, w, k: s.execution_events(w.execution), e.ExecutionNotFound),
    R("upgrade_session", "foreign session", "member", lambda s, w, k: upgrade(s, w, k, w.session, "anon"), e.SessionNotFound),
    R("upgrade_session", "foreign session", "member", lambda s, w, k: upgrade(s, w, k, w.anon_session, "admin"), e.Forbidden),
    # within a tenant, sessions are shared: a member may work in the admin's session.
    R("get_execution", "same tenant", "member", lambda s, w, k: count(s.get_execution(w.execution, True, 1), "artifacts"), 1),
    R("invoke_intent", "same tenant", "member", lambda s, w, k: ok(s.invoke_intent("add_one", {"x": 1}, w.session)), OK),
    # anonymous: only its session, only `anonymous_ok` intents, reading; never writing as a member.
    R("create_session", "anonymous", "anon", lambda s, w, k: s.create_session(), e.AuthenticationRequired),
    R("get_session", "anonymous", "anon", lambda s, w, k: ok(s.get_session(w.anon_session)), OK),
    R("upgrade_session", "anonymous", "anon", lambda s, w, k: upgrade(s, w, k, w.anon_session, "anon"), e.AuthenticationRequired),
    R("stage_upload", "anonymous", "anon", lambda s, w, k: s.stage_upload(chunks(b"k,v\n"), UPLOAD_LIMIT), e.AuthenticationRequired),
    R("query_state", "anonymous", "anon", lambda s, w, k: ok(s.query_state(w.anon_session, w.anon_execution)), OK),
    R("invoke_intent", "anonymous", "anon", lambda s, w, k: ok(s.invoke_intent("echo", {"message": "hi"}, w.anon_session)), OK),
    R("invoke_intent", "anonymous", "anon", lambda s, w, k: s.invoke_intent("progress", {"x": 1}, w.anon_session), e.Forbidden),
    R("trigger_journey", "anonymous", "anon", lambda s, w, k: s.trigger_journey("chain", {"x": 1}, w.anon_session), e.Forbidden),
    R("subscribe", "anonymous", "anon", lambda s, w, k: last_kind(s.subscribe(w.anon_execution)), "execution.completed"),
    R("wait", "anonymous", "anon", lambda s, w, k: ok(s.wait(w.anon_execution, 5)), OK),
    R("execution_events", "anonymous", "anon", lambda s, w, k: first_kind(s.execution_events(w.anon_execution)), "intent.received"),
    R("list_executions", "anonymous", "anon", lambda s, w, k: count(s.list_executions(intent_type="add_one"), "executions"), 1),
    R("list_artifacts", "anonymous", "anon", lambda s, w, k: count(s.list_artifacts(), "artifacts"), 0),
    R("list_pending", "anonymous", "anon", lambda s, w, k: count(s.list_pending(), "intents"), 0),
    R("create_pending", "anonymous", "anon", lambda s, w, k: s.create_pending("add_one"), e.AuthenticationRequired),
    R("decide_pending", "anonymous", "anon", lambda s, w, k: s.decide_pending(w.pending, "approve"), e.AuthenticationRequired),
    R("signal", "anonymous", "anon", lambda s, w, k: s.signal(w.anon_execution, "go"), e.AuthenticationRequired),
    R("list_journeys", "anonymous", "anon", lambda s, w, k: ok(s.list_journeys()), OK),
    R("list_intents", "anonymous", "anon", lambda s, w, k: ok(s.list_intents()), OK),
    R("get_intent", "anonymous", "anon", lambda s, w, k: intent_type_of(s.get_intent("echo")), "echo"),
    R("get_intent", "anonymous", "anon", lambda s, w, k: s.get_intent("no_such_intent"), e.IntentNotFound),
    R("list_realms", "anonymous", "anon", lambda s, w, k: ok(s.list_realms()), OK),
    R("wal_entries", "anonymous", "anon", lambda s, w, k: ok(s.wal_entries()), OK),
    R("verify_wal", "anonymous", "anon", lambda s, w, k: ok(s.verify_wal()), OK),
    R("checkpoint_wal", "anonymous", "anon", lambda s, w, k: ok(s.checkpoint_wal()), OK),
    # roles: viewers read and submit; members also write; admin-only intents need an admin.
    R("create_session", "roles", "viewer", lambda s, w, k: s.create_session(), e.Forbidden),
    R("create_session", "roles", "member", lambda s, w, k: ok(s.create_session()), OK),
    R("stage_upload", "roles", "viewer", lambda s, w, k: s.stage_upload(chunks(b"k\n"), UPLOAD_LIMIT), e.Forbidden),
    R("stage_upload", "roles", "member", lambda s, w, k: ok(s.stage_upload(chunks(b"k\n"), UPLOAD_LIMIT)), OK),
    R("create_pending", "roles", "viewer", lambda s, w, k: s.create_pending("add_one"), e.Forbidden),
    R("create_pending", "roles", "member", lambda s, w, k: ok(s.create_pending("add_one", w.artifact, {}, w.session)), OK),
    R("decide_pending", "roles", "viewer", lambda s, w, k: s.decide_pending(w.pending, "approve"), e.Forbidden),
    R("signal", "roles", "viewer", lambda s, w, k: s.signal(w.execution, "go"), e.Forbidden),
    R("retry_failed", "roles", "viewer", lambda s, w, k: s.retry_failed(dry_run=True), e.Forbidden),
    R("retry_failed", "anonymous", "anon", lambda s, w, k: s.retry_failed(dry_run=True), e.AuthenticationRequired),
    R("retry_execution", "same tenant", "member", lambda s, w, k: s.retry_execution(w.execution), e.IllegalTransition),
    R("upgrade_session", "roles", "viewer", lambda s, w, k: upgrade(s, w, k, w.anon_session, "anon"), e.Forbidden),
    R("invoke_intent", "roles", "viewer", lambda s, w, k: ok(s.invoke_intent("add_one", {"x": 1}, w.session)), OK),
    R("trigger_journey", "roles", "member", lambda s, w, k: same_twice(lambda: s.trigger_journey("chain", {"x": 1}, w.session, f"j-{k}")), True),
    R("get_pending", "roles", "viewer", lambda s, w, k: pending_id(s.get_pending(w.pending)), "same"),
    # one submit body for every caller: intent_id and metadata may be set; a parent may not (only
    # a parent's handler starts children, so nobody plants a step into a journey).
    R("invoke_intent", "roles", "member", lambda s, w, k: ok(s.invoke_intent("add_one", {"x": 1}, w.session, intent_id=f"mine-{k}", metadata={"k": "v"})), OK),
    R("invoke_intent", "roles", "admin", lambda s, w, k: s.invoke_intent("add_one", {"x": 1}, w.session, parent_execution_id=w.execution), e.Forbidden),
    R("invoke_intent", "roles", "member", lambda s, w, k: s.invoke_intent("add_one", {"x": 1}, w.session, metadata={"m": BIG}), e.PayloadTooLarge),
    R("invoke_intent", "roles", "member", lambda s, w, k: s.invoke_intent("get_platform_statistics", {}, w.session), e.Forbidden),
    R("invoke_intent", "roles", "admin", lambda s, w, k: ok(s.invoke_intent("get_platform_statistics", {}, w.session)), OK),
    # bad ids: NUL, a control character, over-long; refused before any store sees them.
    *[
        R(op, "bad id", "member", call, e.InvalidParameters)
        for bad in (NUL, CONTROL, LONG)
        for op, call in [
            ("get_session", lambda s, w, k, b=bad: s.get_session(b)),
            ("query_state", lambda s, w, k, b=bad: s.query_state(b)),
            ("query_state", lambda s, w, k, b=bad: s.query_state(w.session, b)),
            ("invoke_intent", lambda s, w, k, b=bad: s.invoke_intent("add_one", {"x": 1}, b)),
            ("trigger_journey", lambda s, w, k, b=bad: s.trigger_journey("chain", {}, b)),
            ("subscribe", lambda s, w, k, b=bad: last_kind(s.subscribe(b))),
            ("get_execution", lambda s, w, k, b=bad: s.get_execution(b)),
            ("wait", lambda s, w, k, b=bad: s.wait(b, 5)),
            ("execution_events", lambda s, w, k, b=bad: s.execution_events(b)),
            ("cancel", lambda s, w, k, b=bad: s.cancel(b)),
            ("retry_execution", lambda s, w, k, b=bad: s.retry_execution(b)),
            ("resolve_artifact", lambda s, w, k, b=bad: s.resolve_artifact(b)),
            ("artifact_lineage", lambda s, w, k, b=bad: s.artifact_lineage(b)),
            ("artifact_content", lambda s, w, k, b=bad: s.artifact_content(b)),
            ("create_pending", lambda s, w, k, b=bad: s.create_pending("add_one", session=b)),
            ("create_pending", lambda s, w, k, b=bad: s.create_pending("add_one", b)),
            ("decide_pending", lambda s, w, k, b=bad: s.decide_pending(b, "approve")),
            ("signal", lambda s, w, k, b=bad: s.signal(b, "go")),
            ("get_pending", lambda s, w, k, b=bad: s.get_pending(b)),
            ("get_intent", lambda s, w, k, b=bad: s.get_intent(b)),
        ]
    ],
    # oversize and out-of-range input.
    R("invoke_intent", "oversize", "member", lambda s, w, k: s.invoke_intent("echo", {"message": BIG}, w.session), e.PayloadTooLarge),
    R("invoke_intent", "oversize", "member", lambda s, w, k: s.invoke_intent("x" * 129, {}, w.session), e.InvalidParameters),
    R("invoke_intent", "oversize", "member", lambda s, w, k: s.invoke_intent("add_one", {"x": 2**64}, w.session), e.InvalidParameters),
    R("create_pending", "oversize", "member", lambda s, w, k: s.create_pending("add_one", context={"n": 2**64}), e.InvalidParameters),
    R("trigger_journey", "oversize", "member", lambda s, w, k: s.trigger_journey("chain", {"x": BIG}, w.session), e.PayloadTooLarge),
    R("create_session", "oversize", "member", lambda s, w, k: s.create_session({"m": BIG}), e.PayloadTooLarge),
    R("create_pending", "oversize", "member", lambda s, w, k: s.create_pending("add_one", context={"c": BIG}), e.PayloadTooLarge),
    R("stage_upload", "oversize", "member", lambda s, w, k: s.stage_upload(chunks(b"x" * (UPLOAD_LIMIT + 1)), 10**9), e.PayloadTooLarge),
    R("stage_upload", "oversize", "member", lambda s, w, k: s.stage_upload(chunks(b""), UPLOAD_LIMIT), e.InvalidParameters),
    R("list_executions", "oversize", "member", lambda s, w, k: s.list_executions(limit=1001), e.InvalidParameters),
    R("list_artifacts", "oversize", "member", lambda s, w, k: s.list_artifacts(limit=1001), e.InvalidParameters),
    R("list_pending", "oversize", "member", lambda s, w, k: s.list_pending(limit=1001), e.InvalidParameters),
    R("get_execution", "oversize", "member", lambda s, w, k: s.get_execution(w.execution, wait=301), e.InvalidParameters),
    R("get_execution", "oversize", "member", lambda s, w, k: s.get_execution(w.execution, wait=-1), e.InvalidParameters),
    R("wal_entries", "oversize", "member", lambda s, w, k: s.wal_entries(limit=1001), e.InvalidParameters),
    R("execution_events", "oversize", "member", lambda s, w, k: s.execution_events(w.execution, limit=1001), e.InvalidParameters),
    R("execution_events", "oversize", "member", lambda s, w, k: s.execution_events(w.execution, after=-1), e.InvalidParameters),
    R("execution_events", "oversize", "member", lambda s, w, k: s.execution_events(w.execution, limit=0), e.InvalidParameters),
    # a delayed start: RFC 3339 with an offset, no further ahead than the setting allows.
    *[
        R("invoke_intent", "not_before", "member", lambda s, w, k, t=bad: s.invoke_intent("add_one", {"x": 1}, w.session, not_before=t), e.InvalidParameters)
        for bad in ("tomorrow", "2030-01-01T09:00:00", "2030-13-01T09:00:00Z", "", "9999-12-31T23:59:59Z")
    ],
    R("invoke_intent", "not_before", "member", lambda s, w, k: scheduled(s.invoke_intent("add_one", {"x": 1}, w.session, not_before=IN_A_MONTH), s), "scheduled"),
    R("cancel", "not_before", "member", lambda s, w, k: cancel_scheduled(s, w.session), "cancelled"),
    R("verify_wal", "oversize", "member", lambda s, w, k: s.verify_wal("x" * 1025), e.InvalidParameters),
    R("decide_pending", "oversize", "member", lambda s, w, k: s.decide_pending(w.pending, "approve", "c" * 2001), e.InvalidParameters),
    R("signal", "oversize", "member", lambda s, w, k: s.signal(w.execution, "go", "x" * 70_000), e.PayloadTooLarge),
    R("signal", "oversize", "member", lambda s, w, k: s.signal(w.execution, "Not A Name"), e.InvalidParameters),
    R("signal", "oversize", "member", lambda s, w, k: s.signal(w.execution, "symphainy.approval"), e.InvalidParameters),
]
# fmt: on


async def _world(plat: Platform) -> World:
    http = plat.http()
    tokens: dict[str, str] = {}
    for actor in ("admin", "b_admin"):
        body = await http.register(f"{actor}@example.com", PASSWORD, actor)
        tokens[actor] = body["access_token"]
    admin = await plat.guard.authenticate(tokens["admin"])
    for role in ("member", "viewer"):
        code = await plat.guard.create_invitation(admin, role)
        body = await http.register(f"{role}@example.com", PASSWORD, role, invitation_code=code)
        tokens[role] = body["access_token"]
    a = LocalSDK(plat.runtime, admin)
    b = LocalSDK(plat.runtime, await plat.guard.authenticate(tokens["b_admin"]))
    mine, theirs = await _things(a), await _things(b)
    anon_session, anon_execution = await _anonymous(plat, tokens, "anon")
    other_anon, _ = await _anonymous(plat, tokens, "other_anon")
    await http.aclose()
    return World(
        plat,
        tokens,
        *mine,
        anon_session,
        anon_execution,
        *theirs,
        (await b.checkpoint_wal()).checkpoint,
        other_anon,
    )


async def _things(sdk: LocalSDK) -> tuple[str, str, str, str]:
    """A session, a finished execution, an artifact and a pending intent of one tenant."""
    session = (await sdk.create_session()).session_id
    data = base64.b64encode(b"a,b\n1,2\n").decode()
    sub = await sdk.invoke_intent(
        "ingest_file", {"ui_name": "t.csv", "file_content_base64": data}, session
    )
    done = await sdk.wait(sub.execution_id, 10)
    assert done.status == "completed", done.error
    pending = await sdk.create_pending("add_one", context={}, session=session)
    return session, sub.execution_id, done.result["artifact_id"], pending.intent_id


async def _anonymous(plat: Platform, tokens: dict[str, str], actor: str) -> tuple[str, str]:
    http = plat.http()
    session = (await http.create_anonymous_session()).session_id
    assert http.token is not None
    tokens[actor] = http.token
    sub = await http.invoke_intent("add_one", {"x": 1}, session)
    await http.wait(sub.execution_id, 10)
    await http.aclose()
    return session, sub.execution_id


async def outcome(world: World, kind: str, row: Row) -> Any:
    """The answer one deployment gives: a problem (type, status) or the row's value."""
    sdk = await world.sdk(kind, row.actor)
    try:
        return await row.call(sdk, world, kind)
    except SymphainyError as exc:
        return (exc.problem_type, exc.status)
    except Exception as exc:  # a crash is an answer too, and never the right one
        return f"{type(exc).__name__}: {exc}"
    finally:
        if isinstance(sdk, HttpSDK):
            await sdk.aclose()


def _short(answers: dict[str, Any]) -> dict[str, Any]:
    return {k: v[:120] if isinstance(v, str) else v for k, v in answers.items()}


def _expected(row: Row) -> Any:
    if isinstance(row.expect, type) and issubclass(row.expect, SymphainyError):
        return (row.expect.problem_type, row.expect.status)
    return row.expect


@pytest.fixture
async def world(database_url: str, tmp_path: Path) -> AsyncIterator[World]:
    limits = {"max_body_bytes": BODY_LIMIT, "max_upload_bytes": UPLOAD_LIMIT}
    async with platform(database_url, tmp_path, **limits) as plat:
        yield await _world(plat)


CASES = sorted({row.case for row in ROWS})


@pytest.mark.parametrize("case", CASES)
async def test_every_deployment_gives_the_one_right_answer(world: World, case: str) -> None:
    wrong = {}
    for row in (r for r in ROWS if r.case == case):
        answers = {kind: await outcome(world, kind, row) for kind in KINDS}
        if set(map(repr, answers.values())) != {repr(_expected(row))}:
            wrong[f"{row.op} as {row.actor}"] = {"right": _expected(row), **_short(answers)}
    assert not wrong, f"expected per row: see ROWS; got {wrong}"
