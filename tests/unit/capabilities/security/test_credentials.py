"""authenticate_user, check_email_availability, validate_token: real accounts, no leaked secrets."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from symphainy.errors import AuthenticationRequired, SecretsUnavailable
from symphainy.runtime import Runtime, SubmitIntent
from symphainy.security import TrafficCop
from symphainy.store import NewExecution
from symphainy.store._schema import metadata
from symphainy.testing import local_runtime
from tests.unit.capabilities.security.conftest import (
    FAST,
    PASSWORD,
    ok,
    problem,
    registry,
    run,
    signup,
)
from tests.unit.security.conftest import FakeClock

ANON = "anon:visitor-1"


async def everything_stored(rt: Runtime) -> str:
    """Every row of every table, as text: what a database dump would reveal."""
    parts = []
    for table in metadata.sorted_tables:
        rows = await rt.store.reader.rows(f"SELECT * FROM {table.name}")
        parts.extend(repr(r) for r in rows)
    return "\n".join(parts)


async def test_authenticate_user_checks_credentials_and_stores_no_password(rt: Runtime) -> None:
    acct = await signup(rt, "Ada@Example.com")
    view = await run(
        rt, "authenticate_user", {"email": "ada@example.COM", "password": PASSWORD}, ANON
    )
    assert view.status == "completed", view.error
    assert view.result == {
        "authenticated": True,
        "user_id": acct.user_id,
        "tenant_id": acct.tenant_id,
        "email": "Ada@Example.com",
        "name": "Ada",
        "roles": ["admin"],
    }
    assert view.parameters["password"] == "**********"
    wrong = {"email": "ada@example.com", "password": "not the password"}
    assert await problem(rt, "authenticate_user", wrong, ANON) == "authentication-required"
    unknown = {"email": "nobody@example.com", "password": PASSWORD}
    assert await problem(rt, "authenticate_user", unknown, ANON) == "authentication-required"
    wal = await rt.wal.entries(ANON, limit=1000)
    assert wal
    assert all(PASSWORD not in str(e.payload) for e in wal)
    assert "not the password" not in str([e.payload for e in wal])
    dump = await everything_stored(rt)
    assert PASSWORD not in dump
    assert "not the password" not in dump
    for event in await rt.events(ANON, view.execution_id):
        assert PASSWORD not in str(event.data)


async def test_sqlite_files_never_hold_the_password(tmp_path: Path) -> None:
    async with local_runtime(registry(), home=tmp_path, **FAST) as rt:
        await signup(rt, "grace@example.com")
        await ok(
            rt, "authenticate_user", {"email": "grace@example.com", "password": PASSWORD}, ANON
        )
        await problem(
            rt, "authenticate_user", {"email": "grace@example.com", "password": "guess-123"}, ANON
        )
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "symphainy.db" for p in files)
    for path in files:
        data = path.read_bytes()
        assert PASSWORD.encode() not in data, path
        assert b"guess-123" not in data, path


async def test_authenticate_user_is_throttled_per_account(tmp_path: Path) -> None:
    limits = {**FAST, "login_failures_before_throttle": 3, "login_throttle_base_seconds": 30.0}
    async with local_runtime(registry(), home=tmp_path, **limits) as rt:
        clock = FakeClock()
        rt.services.identity.traffic = TrafficCop(rt.settings, clock=clock)
        await signup(rt, "eve@example.com")
        for email in ("eve@example.com", "nobody@example.com"):  # unknown: treated alike
            for i, variant in enumerate([email, f" {email.upper()} ", email.title()]):
                wrong = {"email": variant, "password": "wrong-guess"}
                kind = await problem(rt, "authenticate_user", wrong, f"anon:{email[0]}{i}")
                assert kind == "authentication-required"
            # Three callers, three spellings, one counter: the right password is refused too.
            view = await run(rt, "authenticate_user", {"email": email, "password": PASSWORD}, ANON)
            assert view.error is not None
            assert view.error.type.endswith("/rate-limited")
            assert view.error.model_dump()["retry_after"] == 30
        clock.advance(30)
        right = await ok(
            rt, "authenticate_user", {"email": "eve@example.com", "password": PASSWORD}, ANON
        )
        assert right["authenticated"]


async def test_login_and_authenticate_user_share_one_throttle(tmp_path: Path) -> None:
    limits = {**FAST, "login_failures_before_throttle": 2}
    async with local_runtime(registry(), home=tmp_path, **limits) as rt:
        await signup(rt, "sam@example.com")
        traffic = rt.services.identity.traffic
        login = rt.services.identity.guard.login
        with pytest.raises(AuthenticationRequired):  # as /api/auth/login calls it
            await traffic.sign_in(
                "sam@example.com", "ip:192.0.2.1", lambda: login("sam@example.com", "wrong-one")
            )
        wrong = {"email": "SAM@example.com", "password": "wrong-two"}
        assert await problem(rt, "authenticate_user", wrong, ANON) == "authentication-required"
        right = {"email": "sam@example.com", "password": PASSWORD}
        assert await problem(rt, "authenticate_user", right, ANON) == "rate-limited"


async def test_secret_parameters_need_a_local_worker(tmp_path: Path) -> None:
    async with local_runtime(registry(), home=tmp_path, workers_enabled=False, **FAST) as rt:
        params = {"email": "a@example.com", "password": PASSWORD}
        with pytest.raises(SecretsUnavailable):
            await rt.submit(SubmitIntent(ANON, "authenticate_user", params))
        _rows, total = await rt.store.list_executions(ANON)
        assert total == 0, "nothing is recorded when the secret cannot reach a worker"


async def test_check_email_availability(rt: Runtime) -> None:
    await signup(rt, "taken@example.com")
    taken = await ok(rt, "check_email_availability", {"email": " Taken@Example.com "}, ANON)
    assert taken == {"email": "taken@example.com", "available": False}
    free = await ok(rt, "check_email_availability", {"email": "free@example.com"}, ANON)
    assert free["available"] is True
    assert await problem(rt, "check_email_availability", {"email": "not-an-email"}, ANON) == (
        "invalid-request"
    )


INVALID: dict[str, object] = {
    "valid": False,
    "kind": None,
    "tenant_id": None,
    "user_id": None,
    "roles": [],
}


async def test_validate_token(rt: Runtime) -> None:
    a = await signup(rt, "a@example.com", "A")
    own = await ok(rt, "validate_token", {"token": a.access_token}, a.tenant_id, user_id=a.user_id)
    assert own == {
        "valid": True,
        "kind": "user",
        "tenant_id": a.tenant_id,
        "user_id": a.user_id,
        "roles": ["admin"],
    }
    for bad in ("garbage", a.refresh_token, a.access_token[:-2] + "xx"):
        assert await ok(rt, "validate_token", {"token": bad}, a.tenant_id) == INVALID
    assert a.access_token not in await everything_stored(rt)


async def test_validate_token_reveals_nothing_across_tenants(rt: Runtime) -> None:
    a = await signup(rt, "a@example.com", "A")
    b = await signup(rt, "b@example.com", "B")
    # Another tenant's live token reads exactly like a dead one, signed in or anonymous.
    assert await ok(rt, "validate_token", {"token": b.access_token}, a.tenant_id) == INVALID
    assert await ok(rt, "validate_token", {"token": b.access_token}, ANON) == INVALID
    anon_token = await rt.services.identity.guard.issue_anonymous_token("visitor-1")
    anon = await ok(rt, "validate_token", {"token": anon_token}, ANON)
    assert (anon["valid"], anon["kind"], anon["tenant_id"]) == (True, "anonymous", ANON)
    assert await ok(rt, "validate_token", {"token": anon_token}, a.tenant_id) == INVALID


async def test_an_execution_whose_process_died_fails_instead_of_using_the_mask(
    tmp_path: Path,
) -> None:
    # Another process accepted authenticate_user (storing the masked password) and died before
    # running it; this runtime's worker claims it and must not try "**********" as a password.
    async with local_runtime(registry(), home=tmp_path, **FAST) as rt:
        await signup(rt, "mask@example.com")
        masked = json.dumps({"email": "mask@example.com", "password": "**********"})
        new = NewExecution(uuid.uuid4().hex, ANON, uuid.uuid4().hex, "authenticate_user", masked, 3)
        await rt.store.submit(new, None, rt.settings.lease_seconds)
        rt.worker.wake()  # type: ignore[union-attr]
        view = await rt.wait(ANON, new.execution_id, timeout=30)
    assert view.status == "failed"
    assert view.attempt == 1
    assert view.error is not None
    assert view.error.type.endswith("/secrets-unavailable")
