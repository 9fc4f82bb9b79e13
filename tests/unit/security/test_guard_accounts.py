"""SecurityGuard accounts: registration, invitations, admin-created users, roles, audit trail."""

from __future__ import annotations

import asyncio

import pytest

from symphainy.errors import AuthenticationRequired, Conflict, Forbidden, InvalidRequest, NotFound
from symphainy.runtime import Wal
from symphainy.security._guard import SecurityGuard
from symphainy.security._principal import Principal, require_role
from symphainy.store import Store
from tests.unit.security.conftest import PASSWORD, FakeClock


async def wal_kinds(store: Store, tenant_id: str) -> list[str]:
    return [row.kind for row in await store.wal_page(tenant_id, 0, 1000)]


async def test_register_creates_tenant_with_admin(guard: SecurityGuard, store: Store) -> None:
    user, tenant = await guard.register(" Ada@Example.COM ", PASSWORD, "Ada", tenant_name="Acme")
    assert tenant.name == "Acme"
    assert user.tenant_id == tenant.tenant_id
    assert user.role == "admin"
    assert user.email == "Ada@Example.COM"
    principal = await guard.authenticate(
        (await guard.login("ada@example.com", PASSWORD)).access_token
    )
    assert principal == Principal(
        tenant.tenant_id, user.user_id, ("admin",), token_id=principal.token_id
    )
    assert not principal.anonymous
    assert await guard.me(principal) == user
    kinds = await wal_kinds(store, tenant.tenant_id)
    assert kinds[:2] == ["tenant.created", "user.registered"]
    assert (await Wal(store).verify(tenant.tenant_id)).valid


async def test_each_registration_gets_its_own_tenant(guard: SecurityGuard) -> None:
    _, first = await guard.register("a@example.com", PASSWORD, "A")
    _, second = await guard.register("b@example.com", PASSWORD, "B")
    assert first.tenant_id != second.tenant_id
    assert first.name == "A"


async def test_duplicate_email_is_refused_case_insensitively(guard: SecurityGuard) -> None:
    await guard.register("ada@example.com", PASSWORD, "Ada")
    with pytest.raises(Conflict):
        await guard.register("  ADA@example.com", "another password", "Imposter")


@pytest.mark.parametrize(
    ("email", "password", "name"),
    [
        ("not-an-email", PASSWORD, "Ada"),
        ("ada@localhost", PASSWORD, "Ada"),
        ("ada@example.com", "short", "Ada"),
        ("ada@example.com", "x" * 129, "Ada"),
        ("ada@example.com", PASSWORD, "   "),
        ("ada@example.com", PASSWORD, "bad\x00name"),
    ],
)
async def test_registration_policy(
    guard: SecurityGuard, store: Store, email: str, password: str, name: str
) -> None:
    with pytest.raises(InvalidRequest):
        await guard.register(email, password, name)
    assert await store.reader.rows("SELECT count(*) FROM users") == [(0,)]


async def test_password_length_bounds_are_inclusive(guard: SecurityGuard) -> None:
    await guard.register("min@example.com", "x" * 8, "Min")
    await guard.register("max@example.com", "y" * 128, "Max")
    await guard.login("max@example.com", "y" * 128)


async def test_join_by_invitation(guard: SecurityGuard, admin: Principal, store: Store) -> None:
    code = await guard.create_invitation(admin, role="viewer")
    user, tenant = await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)
    assert tenant.tenant_id == admin.tenant_id
    assert user.role == "viewer"
    kinds = await wal_kinds(store, admin.tenant_id)
    assert kinds[-3:] == ["invitation.created", "user.registered", "invitation.used"]
    assert (await Wal(store).verify(admin.tenant_id)).valid


async def test_invitation_default_role_is_member(guard: SecurityGuard, admin: Principal) -> None:
    code = await guard.create_invitation(admin)
    user, _ = await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)
    assert user.role == "member"


async def test_used_invitation_is_refused(guard: SecurityGuard, admin: Principal) -> None:
    code = await guard.create_invitation(admin)
    await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)
    with pytest.raises(Forbidden):
        await guard.register("eve@example.com", PASSWORD, "Eve", invitation_code=code)


async def test_expired_invitation_is_refused(
    guard: SecurityGuard, admin: Principal, clock: FakeClock, store: Store
) -> None:
    code = await guard.create_invitation(admin, ttl=3600)
    clock.advance(3601)
    with pytest.raises(Forbidden):
        await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)
    assert await store.reader.rows("SELECT count(*) FROM users") == [(1,)]


@pytest.mark.parametrize("mangle", [lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), str.upper])
async def test_forged_invitation_is_refused(guard: SecurityGuard, admin: Principal, mangle) -> None:
    code = await guard.create_invitation(admin)
    with pytest.raises(Forbidden):
        await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=mangle(code))
    await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)


async def test_conflicting_email_does_not_consume_invitation(
    guard: SecurityGuard, admin: Principal
) -> None:
    code = await guard.create_invitation(admin)
    with pytest.raises(Conflict):
        await guard.register("ADA@example.com", PASSWORD, "Ada again", invitation_code=code)
    await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)


async def test_tenant_name_and_invitation_are_exclusive(
    guard: SecurityGuard, admin: Principal
) -> None:
    code = await guard.create_invitation(admin)
    with pytest.raises(InvalidRequest):
        await guard.register("b@example.com", PASSWORD, "B", tenant_name="X", invitation_code=code)


async def test_member_cannot_do_admin_operations(guard: SecurityGuard, admin: Principal) -> None:
    code = await guard.create_invitation(admin)
    await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)
    member = await guard.authenticate((await guard.login("bob@example.com", PASSWORD)).access_token)
    assert member.roles == ("member",)
    guard.require_role(member, "member")
    guard.require_role(member, "viewer")
    with pytest.raises(Forbidden):
        guard.require_role(member, "admin")
    with pytest.raises(Forbidden):
        await guard.create_invitation(member)
    with pytest.raises(Forbidden):
        await guard.create_api_key(member, "ci", ["member"])
    with pytest.raises(Forbidden):
        await guard.create_user(member, "eve@example.com", PASSWORD)


def test_anonymous_principal_needs_to_sign_in_for_roles() -> None:
    anon = SecurityGuard.anonymous_principal("s1")
    assert (anon.tenant_id, anon.anonymous, anon.roles, anon.kind) == (
        "anon:s1",
        True,
        (),
        "anonymous",
    )
    with pytest.raises(AuthenticationRequired):
        require_role(anon, "viewer")


def test_unknown_role_is_invalid() -> None:
    principal = Principal("t", "u", ("admin",))
    with pytest.raises(InvalidRequest):
        require_role(principal, "superuser")


async def test_admin_creates_user_in_own_tenant(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    user = await guard.create_user(admin, "Carol@Example.com", PASSWORD, role="viewer")
    assert (user.tenant_id, user.role, user.name) == (admin.tenant_id, "viewer", "Carol")
    pair = await guard.login("carol@example.com", PASSWORD)
    assert (await guard.authenticate(pair.access_token)).tenant_id == admin.tenant_id
    with pytest.raises(InvalidRequest):
        await guard.create_user(admin, "dan@example.com", PASSWORD, role="root")
    entries = await store.wal_page(admin.tenant_id, 0, 1000)
    registered = [e.payload for e in entries if e.kind == "user.registered"]
    assert user.user_id in registered[-1]
    assert "admin" in registered[-1]


async def test_me_requires_a_user(guard: SecurityGuard, admin: Principal) -> None:
    _, key = await guard.create_api_key(admin, "ci", ["member"])
    with pytest.raises(AuthenticationRequired):
        await guard.me(await guard.authenticate_api_key(key))
    with pytest.raises(AuthenticationRequired):
        await guard.me(guard.anonymous_principal("s1"))


async def test_wal_never_holds_secrets(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    code = await guard.create_invitation(admin)
    _, key = await guard.create_api_key(admin, "ci", ["member"])
    await guard.register("bob@example.com", PASSWORD, "Bob", invitation_code=code)
    pair = await guard.login("bob@example.com", PASSWORD)
    await guard.refresh(pair.refresh_token)
    payloads = " ".join(e.payload for e in await store.wal_page(admin.tenant_id, 0, 1000))
    for secret in (code, key, pair.access_token, pair.refresh_token, PASSWORD):
        assert secret.split(".")[-1] not in payloads
    assert "argon2" not in payloads
    assert (await Wal(store).verify(admin.tenant_id)).valid


async def test_concurrent_registrations_with_one_email(guard: SecurityGuard, store: Store) -> None:
    results = await asyncio.gather(
        *(
            guard.register("RACE@example.com" if i % 2 else "race@Example.com", PASSWORD, f"R{i}")
            for i in range(4)
        ),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
    assert await store.reader.rows("SELECT count(*) FROM users") == [(1,)]
    assert await store.reader.rows("SELECT count(*) FROM tenants") == [(1,)]


async def test_concurrent_use_of_one_invitation(guard: SecurityGuard, admin: Principal) -> None:
    code = await guard.create_invitation(admin)
    results = await asyncio.gather(
        *(
            guard.register(f"u{i}@example.com", PASSWORD, f"U{i}", invitation_code=code)
            for i in range(4)
        ),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, Forbidden) for r in results if isinstance(r, BaseException))


async def test_operator_principal_creates_users_in_existing_tenants_only(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    operator = Principal(admin.tenant_id, None, ("admin",))  # what `symphainy user create` builds
    assert operator.subject == "operator"
    user = await guard.create_user(operator, "ops@example.com", PASSWORD, role="admin")
    assert user.role == "admin"
    with pytest.raises(NotFound):
        await guard.create_user(Principal("t_missing", None, ("admin",)), "x@example.com", PASSWORD)
    assert await store.reader.rows("SELECT count(*) FROM users") == [(2,)]
