"""Team administration over HTTP: an admin lists and changes their own tenant's members, lists
invitations and API keys (never a secret); members, other tenants and the last admin are refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.integration.gateway.platform import GW, PASSWORD, Platform, platform
from tests.integration.gateway.test_gateway_security import assert_problem, signup


@pytest.fixture
async def client(database_url: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with platform(database_url, tmp_path) as plat, _client(plat) as c:
        yield c


def _client(plat: Platform) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(plat.app), base_url=GW)


async def _join(client: httpx.AsyncClient, admin: dict[str, str], email: str, role: str) -> str:
    """Invite `email` with `role`, register it; its user id."""
    code = (await client.post("/api/admin/invitations", headers=admin, json={"role": role})).json()[
        "invitation_code"
    ]
    r = await client.post(
        "/api/auth/register",
        json={"email": email, "password": PASSWORD, "name": "M", "invitation_code": code},
    )
    assert r.status_code == 201, r.text
    user_id: str = r.json()["user"]["user_id"]
    return user_id


async def _login(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    r = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def test_an_admin_manages_roles_and_access_of_their_members(
    client: httpx.AsyncClient,
) -> None:
    admin = await signup(client, "boss@example.com")
    member_id = await _join(client, admin, "m@example.com", "member")
    member = await _login(client, "m@example.com")

    listed = (await client.get("/api/admin/members", headers=admin)).json()["members"]
    assert {(m["email"], m["role"], m["status"]) for m in listed} == {
        ("boss@example.com", "admin", "active"),
        ("m@example.com", "member", "active"),
    }
    assert all("password" not in key for m in listed for key in m)

    promoted = await client.patch(
        f"/api/admin/members/{member_id}", headers=admin, json={"role": "admin"}
    )
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["role"] == "admin"
    # The same token now carries the new role: the role is read at each request.
    assert (await client.get("/api/admin/members", headers=member)).status_code == 200

    disabled = await client.patch(
        f"/api/admin/members/{member_id}", headers=admin, json={"status": "disabled"}
    )
    assert disabled.json()["status"] == "disabled"
    assert_problem(await client.get("/api/intents", headers=member), 401, "authentication-required")
    refused = await client.post(
        "/api/auth/login", json={"email": "m@example.com", "password": PASSWORD}
    )
    assert refused.status_code == 401


async def test_the_last_active_admin_cannot_be_demoted_or_disabled(
    client: httpx.AsyncClient,
) -> None:
    admin = await signup(client, "boss@example.com")
    me = (await client.get("/api/auth/me", headers=admin)).json()
    for change in ({"role": "member"}, {"status": "disabled"}):
        r = await client.patch(f"/api/admin/members/{me['user_id']}", headers=admin, json=change)
        assert_problem(r, 409, "last-admin")
    assert (await client.get("/api/admin/members", headers=admin)).json()["members"][0][
        "role"
    ] == "admin"
    other = await _join(client, admin, "second@example.com", "admin")
    assert other
    demoted = await client.patch(
        f"/api/admin/members/{me['user_id']}", headers=admin, json={"role": "member"}
    )
    assert demoted.status_code == 200, demoted.text


async def test_keys_and_invitations_are_listed_without_secrets(
    client: httpx.AsyncClient,
) -> None:
    admin = await signup(client, "boss@example.com")
    made = (await client.post("/api/admin/api-keys", headers=admin, json={"name": "svc"})).json()
    await client.delete(f"/api/admin/api-keys/{made['key_id']}", headers=admin)
    invited = (
        await client.post("/api/admin/invitations", headers=admin, json={"role": "viewer"})
    ).json()
    keys = (await client.get("/api/admin/api-keys", headers=admin)).json()["api_keys"]
    assert [(k["key_id"], k["name"], k["roles"]) for k in keys] == [
        (made["key_id"], "svc", ["member"])
    ]
    assert keys[0]["revoked_at"] is not None
    invitations = (await client.get("/api/admin/invitations", headers=admin)).json()
    assert [i["role"] for i in invitations["invitations"]] == ["viewer"]
    everything = str(keys) + str(invitations)
    assert made["api_key"].split(".")[-1] not in everything
    assert invited["invitation_code"].split(".")[-1] not in everything
    assert "hash" not in everything


async def test_members_and_other_tenants_are_refused(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "boss@example.com")
    await _join(client, admin, "m@example.com", "member")
    member = await _login(client, "m@example.com")
    for method, path in (
        ("GET", "/api/admin/members"),
        ("GET", "/api/admin/api-keys"),
        ("GET", "/api/admin/invitations"),
    ):
        assert_problem(await client.request(method, path, headers=member), 403, "forbidden")
    intruder = await signup(client, "eve@example.com")
    boss = (await client.get("/api/auth/me", headers=admin)).json()
    stolen = await client.patch(
        f"/api/admin/members/{boss['user_id']}", headers=intruder, json={"role": "viewer"}
    )
    assert_problem(stolen, 404, "not-found")
    theirs = (await client.get("/api/admin/members", headers=intruder)).json()["members"]
    assert [m["email"] for m in theirs] == ["eve@example.com"]
    smuggled = await client.patch(
        f"/api/admin/members/{boss['user_id']}",
        headers=admin,
        json={"role": "member", "tenant_id": "x"},
    )
    assert_problem(smuggled, 422, "invalid-parameters")
    assert_problem(
        await client.patch(
            f"/api/admin/members/{boss['user_id']}", headers=admin, json={"role": "owner"}
        ),
        422,
        "invalid-parameters",
    )
