"""create_user_account, validate_authorization, terminate_session, refresh_session."""

from __future__ import annotations

import time

from symphainy.runtime import Runtime
from tests.unit.capabilities.security.conftest import PASSWORD, ok, problem, signup

ANON = "anon:visitor-2"


async def test_self_registration_founds_a_tenant_and_can_then_sign_in(rt: Runtime) -> None:
    params = {"email": "new@example.com", "password": PASSWORD, "name": "New", "tenant_name": "N"}
    made = await ok(rt, "create_user_account", params, ANON)
    assert made["created_tenant"] is True
    assert made["tenant_name"] == "N"
    assert made["roles"] == ["admin"]
    assert made["tenant_id"].startswith("t_")
    pair = await rt.services.identity.guard.login("new@example.com", PASSWORD)
    principal = await rt.services.identity.guard.authenticate(pair.access_token)
    assert principal.tenant_id == made["tenant_id"]
    assert await problem(rt, "create_user_account", params, ANON) == "conflict"
    with_role = {**params, "email": "x@example.com", "role": "admin"}
    assert await problem(rt, "create_user_account", with_role, ANON) == "invalid-request"


async def test_an_invitation_code_joins_its_tenant_with_its_role(rt: Runtime) -> None:
    admin = await signup(rt, "boss@example.com")
    principal = await rt.services.identity.guard.authenticate(admin.access_token)
    code = await rt.services.identity.guard.create_invitation(principal, "viewer")
    params = {
        "email": "guest@example.com",
        "password": PASSWORD,
        "name": "G",
        "invitation_code": code,
    }
    joined = await ok(rt, "create_user_account", params, ANON)
    assert (joined["tenant_id"], joined["roles"], joined["created_tenant"]) == (
        admin.tenant_id,
        ["viewer"],
        False,
    )
    again = {**params, "email": "guest2@example.com"}
    assert await problem(rt, "create_user_account", again, ANON) == "forbidden"


async def test_admins_add_users_to_their_own_tenant_and_members_cannot(rt: Runtime) -> None:
    admin = await signup(rt, "root@example.com")
    params = {"email": "m@example.com", "password": PASSWORD, "name": "M", "role": "member"}
    added = await ok(rt, "create_user_account", params, admin.tenant_id, user_id=admin.user_id)
    assert added["tenant_id"] == admin.tenant_id
    assert added["roles"] == ["member"]
    by_member = {**params, "email": "m2@example.com"}
    assert (
        await problem(
            rt, "create_user_account", by_member, admin.tenant_id, user_id=added["user_id"]
        )
        == "forbidden"
    )
    # A user id from another tenant is no admin here: the tenant comes from the credential.
    as_api_key = await problem(rt, "create_user_account", by_member, admin.tenant_id)
    assert as_api_key == "forbidden"
    other = await signup(rt, "other@example.com", "Other")
    assert (
        await problem(rt, "create_user_account", by_member, admin.tenant_id, user_id=other.user_id)
        == "forbidden"
    )


async def test_validate_authorization(rt: Runtime) -> None:
    admin = await signup(rt, "chief@example.com")
    params = {"email": "mem@example.com", "password": PASSWORD, "name": "Mem", "role": "member"}
    member = await ok(rt, "create_user_account", params, admin.tenant_id, user_id=admin.user_id)
    ask = {
        "user_id": member["user_id"],
        "required_roles": ["member"],
        "required_permissions": ["upload_files", "manage_api_keys"],
    }
    verdict = await ok(rt, "validate_authorization", ask, admin.tenant_id, user_id=admin.user_id)
    assert verdict["role"] == "member"
    assert verdict["authorized"] is False
    assert verdict["missing_permissions"] == ["manage_api_keys"]
    assert verdict["missing_roles"] == []
    assert "create_sessions" in verdict["permissions"]
    assert "read" in verdict["permissions"]
    mine = await ok(
        rt,
        "validate_authorization",
        {"required_roles": ["admin"], "required_permissions": ["manage_api_keys"]},
        admin.tenant_id,
        user_id=admin.user_id,
    )
    assert mine["authorized"] is True
    assert mine["user_id"] == admin.user_id
    unknown = {"required_permissions": ["fly"]}
    assert (
        await problem(rt, "validate_authorization", unknown, admin.tenant_id, user_id=admin.user_id)
        == "invalid-request"
    )
    stranger = await signup(rt, "stranger@example.com", "S")
    cross = {"user_id": stranger.user_id}
    assert (
        await problem(rt, "validate_authorization", cross, admin.tenant_id, user_id=admin.user_id)
        == "not-found"
    )


async def test_terminate_session_revokes_the_login_of_the_callers_tenant_only(rt: Runtime) -> None:
    a = await signup(rt, "out@example.com", "A")
    b = await signup(rt, "stay@example.com", "B")
    guard = rt.services.identity.guard
    cross = {"session_token": b.access_token}
    assert await problem(rt, "terminate_session", cross, a.tenant_id) == "authentication-required"
    assert (await guard.authenticate(b.access_token)).user_id == b.user_id, "B is untouched"
    done = await ok(rt, "terminate_session", {"session_token": a.access_token}, a.tenant_id)
    assert done == {"terminated": True}
    assert await rt.services.identity.inspect_token(a.access_token) is None
    refreshed = await rt.services.identity.inspect_token(a.refresh_token)
    assert refreshed is None
    again = {"session_token": a.access_token}
    assert await problem(rt, "terminate_session", again, a.tenant_id) == "authentication-required"


async def test_refresh_session_extends_within_the_login(rt: Runtime) -> None:
    a = await signup(rt, "keep@example.com")
    before = time.time()
    out = await ok(rt, "refresh_session", {"session_token": a.access_token}, a.tenant_id)
    ttl = rt.settings.access_token_ttl_seconds
    assert before + ttl - 1 <= out["expires_at"] <= time.time() + ttl
    wal = await rt.wal.entries(a.tenant_id, limit=1000)
    assert [e.payload["expires_at"] for e in wal if e.kind == "token.extended"] == [
        out["expires_at"]
    ]
    # After logout nothing can be extended.
    await ok(rt, "terminate_session", {"session_token": a.access_token}, a.tenant_id)
    gone = {"session_token": a.access_token}
    assert await problem(rt, "refresh_session", gone, a.tenant_id) == "authentication-required"


async def test_anonymous_sessions_extend_and_end(rt: Runtime) -> None:
    token = await rt.services.identity.guard.issue_anonymous_token("visitor-3")
    tenant = "anon:visitor-3"
    out = await ok(rt, "refresh_session", {"session_token": token}, tenant)
    assert out["expires_at"] > time.time() + rt.settings.anonymous_token_ttl_seconds - 5
    await ok(rt, "terminate_session", {"session_token": token}, tenant)
    assert await rt.services.identity.inspect_token(token) is None
