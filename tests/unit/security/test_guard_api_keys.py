"""SecurityGuard API keys: creation, authentication, revocation and tenant scoping."""

from __future__ import annotations

import pytest

from symphainy.errors import AuthenticationRequired, Forbidden, InvalidRequest, NotFound
from symphainy.runtime import Wal
from symphainy.security._guard import SecurityGuard
from symphainy.security._principal import Principal
from symphainy.store import Store
from tests.unit.security.conftest import PASSWORD


async def other_admin(guard: SecurityGuard) -> Principal:
    await guard.register("zed@example.com", PASSWORD, "Zed", tenant_name="Other")
    return await guard.authenticate((await guard.login("zed@example.com", PASSWORD)).access_token)


async def test_api_key_authenticates_in_its_tenant(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    key_id, key = await guard.create_api_key(admin, "ingest bot", ["member", "viewer"])
    assert key.startswith("sym_ak_" + key_id + ".")
    principal = await guard.authenticate_api_key(key)
    assert principal == Principal(
        admin.tenant_id, None, ("member", "viewer"), token_id=key_id, api_key=True
    )
    assert principal.kind == "api_key"
    assert principal.subject == f"api_key:{key_id}"
    assert await guard.authenticate(key) == principal  # one bearer path for both
    entries = await store.wal_page(admin.tenant_id, 0, 1000)
    assert entries[-1].kind == "api_key.created"
    assert key.split(".")[1] not in entries[-1].payload


async def test_revoked_api_key_is_refused(
    guard: SecurityGuard, admin: Principal, store: Store
) -> None:
    key_id, key = await guard.create_api_key(admin, "ci", ["member"])
    await guard.revoke_api_key(admin, key_id)
    with pytest.raises(AuthenticationRequired):
        await guard.authenticate_api_key(key)
    with pytest.raises(NotFound):
        await guard.revoke_api_key(admin, key_id)
    kinds = [e.kind for e in await store.wal_page(admin.tenant_id, 0, 1000)]
    assert kinds[-2:] == ["api_key.created", "api_key.revoked"]
    assert (await Wal(store).verify(admin.tenant_id)).valid


async def test_api_keys_are_tenant_scoped(guard: SecurityGuard, admin: Principal) -> None:
    key_id, key = await guard.create_api_key(admin, "ci", ["admin"])
    zed = await other_admin(guard)
    with pytest.raises(NotFound):
        await guard.revoke_api_key(zed, key_id)  # another tenant's key does not exist for zed
    assert (await guard.authenticate_api_key(key)).tenant_id == admin.tenant_id
    zed_key_id, zed_key = await guard.create_api_key(zed, "zed ci", ["member"])
    assert (await guard.authenticate_api_key(zed_key)).tenant_id == zed.tenant_id
    assert zed.tenant_id != admin.tenant_id
    # An admin key acts only inside its own tenant.
    key_admin = await guard.authenticate_api_key(key)
    with pytest.raises(NotFound):
        await guard.revoke_api_key(key_admin, zed_key_id)


async def test_forged_api_key_is_refused(guard: SecurityGuard, admin: Principal) -> None:
    key_id, key = await guard.create_api_key(admin, "ci", ["member"])
    forged = f"sym_ak_{key_id}." + "A" * 43
    for bad in (forged, key + "x", key.replace("sym_ak_", "sym_at_")):
        with pytest.raises(AuthenticationRequired):
            await guard.authenticate_api_key(bad)


async def test_api_key_roles_are_validated(guard: SecurityGuard, admin: Principal) -> None:
    with pytest.raises(InvalidRequest):
        await guard.create_api_key(admin, "ci", [])
    with pytest.raises(InvalidRequest):
        await guard.create_api_key(admin, "ci", ["root"])
    with pytest.raises(InvalidRequest):
        await guard.create_api_key(admin, "  ", ["member"])


async def test_api_key_roles_gate_operations(guard: SecurityGuard, admin: Principal) -> None:
    _, member_key = await guard.create_api_key(admin, "member bot", ["member"])
    bot = await guard.authenticate_api_key(member_key)
    with pytest.raises(Forbidden):
        await guard.create_api_key(bot, "escalate", ["admin"])
    _, admin_key = await guard.create_api_key(admin, "admin bot", ["admin"])
    admin_bot = await guard.authenticate_api_key(admin_key)
    code = await guard.create_invitation(admin_bot)
    _user, tenant = await guard.register("new@example.com", PASSWORD, "New", invitation_code=code)
    assert tenant.tenant_id == admin.tenant_id
    with pytest.raises(InvalidRequest):
        await guard.logout(admin_key)
