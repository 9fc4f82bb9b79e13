"""SecurityGuard sessions: login, token storage, expiry, rotation, reuse detection, logout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from symphainy.errors import AuthenticationRequired, InvalidRequest
from symphainy.runtime import Wal
from symphainy.security._guard import BAD_LOGIN, REUSED, SecurityGuard
from symphainy.security._principal import Principal
from symphainy.store import Store
from tests.unit.security.conftest import PASSWORD, FakeClock, fast_settings


async def all_text(store: Store, table: str) -> str:
    return repr(await store.reader.rows(f"SELECT * FROM {table}"))


async def revoked_reasons(store: Store) -> list[str | None]:
    rows = await store.reader.rows("SELECT revoked_reason FROM tokens ORDER BY created_at, kind")
    return [r[0] for r in rows]


async def test_login_returns_working_pair(guard: SecurityGuard, admin: Principal) -> None:
    pair = await guard.login("ADA@example.com ", PASSWORD)
    assert pair.access_token.startswith("sym_at_")
    assert pair.refresh_token.startswith("sym_rt_")
    assert pair.expires_in == 3600
    assert pair.refresh_expires_at - pair.access_expires_at == 30 * 86400 - 3600
    principal = await guard.authenticate(pair.access_token)
    assert (principal.tenant_id, principal.user_id) == (admin.tenant_id, admin.user_id)
    assert principal.kind == "user"


async def test_wrong_password_and_unknown_email_are_indistinguishable(
    guard: SecurityGuard, admin: Principal
) -> None:
    errors = []
    for email, password in [
        ("ada@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
        ("not an email", PASSWORD),
        ("ada@example.com", ""),
    ]:
        with pytest.raises(AuthenticationRequired) as info:
            await guard.login(email, password)
        errors.append((type(info.value), info.value.detail, info.value.to_problem()))
    assert all(e == errors[0] for e in errors)
    assert errors[0][1] == BAD_LOGIN == "Wrong email or password."


async def test_unknown_email_still_runs_a_password_verification(
    guard: SecurityGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str | None] = []
    original = guard._passwords.verify_or_dummy

    def spy(stored: str | None, password: str) -> bool:
        calls.append(stored)
        return original(stored, password)

    monkeypatch.setattr(guard._passwords, "verify_or_dummy", spy)
    with pytest.raises(AuthenticationRequired):
        await guard.login("nobody@example.com", PASSWORD)
    assert calls == [None]


async def test_tokens_are_stored_hashed(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    pair = await guard.login("ada@example.com", PASSWORD)
    anon = await guard.issue_anonymous_token("sess-1")
    code = await guard.create_invitation(admin)
    key_id, key = await guard.create_api_key(admin, "ci", ["member"])
    dump = "".join([await all_text(store, t) for t in ("tokens", "api_keys", "invitations")])
    for raw in (pair.access_token, pair.refresh_token, anon, code, key):
        assert raw not in dump
        assert raw.split(".")[1] not in dump  # the secret half appears nowhere
    assert key_id in dump
    users = await all_text(store, "users")
    assert PASSWORD not in users
    assert "$argon2id$" in users


async def test_access_token_expires(
    guard: SecurityGuard, admin: Principal, clock: FakeClock
) -> None:
    pair = await guard.login("ada@example.com", PASSWORD)
    clock.advance(3599)
    await guard.authenticate(pair.access_token)
    clock.advance(2)
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(pair.access_token)
    fresh = await guard.refresh(pair.refresh_token)
    await guard.authenticate(fresh.access_token)


async def test_refresh_token_expires(
    guard: SecurityGuard, admin: Principal, clock: FakeClock
) -> None:
    pair = await guard.login("ada@example.com", PASSWORD)
    clock.advance(30 * 86400 + 1)
    with pytest.raises(AuthenticationRequired):
        await guard.refresh(pair.refresh_token)


async def test_refresh_rotates(guard: SecurityGuard, admin: Principal, store: Store) -> None:
    first = await guard.login("ada@example.com", PASSWORD)
    second = await guard.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    principal = await guard.authenticate(second.access_token)
    assert principal.user_id == admin.user_id
    third = await guard.refresh(second.refresh_token)
    await guard.authenticate(third.access_token)
    rows = await store.reader.rows(
        "SELECT count(DISTINCT family_id) FROM tokens WHERE user_id = :u", {"u": admin.user_id}
    )
    assert rows == [(2,)]  # the admin fixture's login, and this one


async def test_refresh_reuse_revokes_the_family(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    other = await guard.login("ada@example.com", PASSWORD)
    first = await guard.login("ada@example.com", PASSWORD)
    second = await guard.refresh(first.refresh_token)
    with pytest.raises(AuthenticationRequired) as info:
        await guard.refresh(first.refresh_token)  # a stolen copy comes back
    assert info.value.detail == REUSED
    for token in (second.access_token, first.access_token):
        with pytest.raises(AuthenticationRequired):
            await guard.authenticate(token)
    with pytest.raises(AuthenticationRequired):
        await guard.refresh(second.refresh_token)
    await guard.authenticate(other.access_token)  # another login is untouched
    entries = await store.wal_page(admin.tenant_id, 0, 1000)
    assert any(e.kind == "token.revoked" and "refresh_reuse" in e.payload for e in entries)
    assert (await Wal(store).verify(admin.tenant_id)).valid


async def test_logout_revokes_access_and_refresh(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    pair = await guard.login("ada@example.com", PASSWORD)
    await guard.logout(pair.access_token)
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(pair.access_token)
    with pytest.raises(AuthenticationRequired):
        await guard.refresh(pair.refresh_token)
    with pytest.raises(AuthenticationRequired):
        await guard.logout(pair.access_token)
    entries = await store.wal_page(admin.tenant_id, 0, 1000)
    assert [e.kind for e in entries][-1] == "token.revoked"
    assert "logout" in entries[-1].payload


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        "Bearer x",
        "sym_at_",
        "sym_at_zz.yy",
        "sst1.a.b",
        "sym_at_" + "0" * 32 + "." + "a" * 43,
    ],
)
async def test_malformed_or_unknown_tokens_are_refused(guard: SecurityGuard, token: str) -> None:
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(token)


async def test_tampered_token_is_refused(guard: SecurityGuard, admin: Principal) -> None:
    pair = await guard.login("ada@example.com", PASSWORD)
    last = pair.access_token[-1]
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(pair.access_token[:-1] + ("A" if last != "A" else "B"))
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(pair.refresh_token)  # a refresh token is not an access token
    with pytest.raises(AuthenticationRequired):
        await guard.refresh(pair.access_token)


async def test_anonymous_token(guard: SecurityGuard, store: Store, clock: FakeClock) -> None:
    token = await guard.issue_anonymous_token("sess-42")
    principal = await guard.authenticate(token)
    assert principal == Principal("anon:sess-42", None, (), True, "sess-42", principal.token_id)
    assert principal.anonymous
    assert principal.roles == ()
    assert (await Wal(store).verify("anon:sess-42")).valid
    clock.advance(86400 + 1)
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(token)


async def test_anonymous_token_can_be_revoked(guard: SecurityGuard) -> None:
    token = await guard.issue_anonymous_token("sess-7")
    await guard.logout(token)
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate(token)


@pytest.mark.parametrize("session_id", ["", "a" * 65, "x:y", "../x", "a b"])
async def test_anonymous_session_ids_are_validated(guard: SecurityGuard, session_id: str) -> None:
    with pytest.raises(InvalidRequest):
        await guard.issue_anonymous_token(session_id)


async def test_password_rehashed_when_parameters_change(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    old = SecurityGuard(store, fast_settings(tmp_path), clock=clock)
    await old.register("ada@example.com", PASSWORD, "Ada")
    before = await store.reader.rows("SELECT password_hash, tenant_id FROM users")
    stronger = fast_settings(tmp_path, password_hash_time_cost=2)
    new = SecurityGuard(store, stronger, clock=clock)
    await new.login("ada@example.com", PASSWORD)
    after = await store.reader.rows("SELECT password_hash FROM users")
    assert after[0][0] != before[0][0]
    assert ",t=2," in after[0][0]
    await new.login("ada@example.com", PASSWORD)
    assert await store.reader.rows("SELECT password_hash FROM users") == after
    tenant_id = before[0][1]
    kinds = [e.kind for e in await store.wal_page(tenant_id, 0, 1000)]
    assert kinds.count("user.password_rehashed") == 1
    assert (await Wal(store).verify(tenant_id)).valid


async def test_login_is_not_fast_for_unknown_emails(tmp_path: Path, store: Store) -> None:
    """With real-ish Argon2 cost, an unknown email costs about as much as a wrong password."""
    guard = SecurityGuard(store, fast_settings(tmp_path, password_hash_memory_kib=16384))
    await guard.register("ada@example.com", PASSWORD, "Ada")

    async def timed(email: str) -> float:
        # CPU time of this process (all threads): the Argon2 work itself, unaffected by
        # other processes competing for the machine, which wall-clock time is not.
        start = time.process_time()
        with pytest.raises(AuthenticationRequired):
            await guard.login(email, "wrong password")
        return time.process_time() - start

    await timed("nobody@example.com")  # the first unknown email builds the dummy hash
    known = min([await timed("ada@example.com") for _ in range(3)])
    unknown = min([await timed("nobody@example.com") for _ in range(3)])
    assert unknown > known * 0.5
