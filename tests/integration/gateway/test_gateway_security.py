"""The Experience service refuses what it must: missing credentials, body tenants, other
tenants' resources, non-admins on admin routes, oversized uploads, and floods."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.integration.gateway.platform import GW, Platform, platform

PASSWORD = "correct horse 1"


@pytest.fixture
async def plat(database_url: str, tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(database_url, tmp_path, max_upload_bytes=64 * 1024) as p:
        yield p


@pytest.fixture
async def client(plat: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app)) as c:
        yield c


async def signup(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    r = await client.post(
        "/api/auth/register", json={"email": email, "password": PASSWORD, "name": "N"}
    )
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def assert_problem(r: httpx.Response, status: int, kind: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"].endswith("/" + kind)
    assert body["status"] == status
    assert "Traceback" not in r.text


async def test_no_or_bad_credentials_get_401(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/api/intents"), 401, "authentication-required")
    bad = {"Authorization": "Bearer sym_at_x.y"}
    assert_problem(await client.get("/api/intents", headers=bad), 401, "authentication-required")


async def test_tenant_in_body_is_refused(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    session = (await client.post("/api/session/create", json={}, headers=auth)).json()
    r = await client.post(
        "/api/intent/submit",
        headers=auth,
        json={
            "intent_type": "add_one",
            "parameters": {"x": 1},
            "session_id": session["session_id"],
            "tenant_id": "someone-else",
        },
    )
    assert_problem(r, 422, "invalid-parameters")


async def test_other_tenants_resources_are_404(client: httpx.AsyncClient) -> None:
    a, b = await signup(client, "a@example.com"), await signup(client, "b@example.com")
    session = (await client.post("/api/session/create", json={}, headers=a)).json()["session_id"]
    data = base64.b64encode(b"x,y\n1,2\n").decode()
    sub = (
        await client.post(
            "/api/intent/submit",
            headers=a,
            json={
                "intent_type": "ingest_file",
                "session_id": session,
                "parameters": {"ui_name": "f.csv", "file_content_base64": data},
            },
        )
    ).json()
    execution = sub["execution_id"]
    status = (await client.get(f"/api/execution/{execution}/status", headers=a)).json()
    while status["status"] not in ("completed", "failed"):
        status = (await client.get(f"/api/execution/{execution}/status", headers=a)).json()
    artifact = status["result"]["artifact_id"]
    probes = [
        ("GET", f"/api/session/{session}", None),
        ("GET", f"/api/session/{session}/state", None),
        ("GET", f"/api/execution/{execution}/status", None),
        ("GET", f"/api/execution/{execution}/stream", None),
        ("POST", f"/api/execution/{execution}/cancel", None),
        ("GET", f"/api/artifacts/{artifact}", None),
        ("GET", f"/api/artifacts/{artifact}/content", None),
        ("GET", f"/api/artifacts/{artifact}/lineage", None),
        ("POST", "/api/artifact/resolve", {"artifact_id": artifact}),
        (
            "POST",
            "/api/intent/pending/create",
            {"intent_type": "parse_content", "target_artifact_id": artifact},
        ),
        (
            "POST",
            "/api/intent/submit",
            {"intent_type": "add_one", "parameters": {"x": 1}, "session_id": session},
        ),
    ]
    for method, path, body in probes:
        r = await client.request(method, path, headers=b, json=body)
        assert r.status_code == 404, (method, path, r.text)
    listed = (await client.post("/api/artifact/list", headers=b, json={})).json()
    assert listed["total"] == 0
    wal = (await client.get("/api/wal?limit=1000", headers=b)).json()
    assert all(e["execution_id"] != execution for e in wal["entries"])


async def test_admin_routes_need_admin(client: httpx.AsyncClient) -> None:
    admin = await signup(client, "boss@example.com")
    invite = await client.post("/api/admin/invitations", headers=admin, json={"role": "member"})
    assert invite.status_code == 201
    r = await client.post(
        "/api/auth/register",
        json={
            "email": "m@example.com",
            "password": PASSWORD,
            "name": "M",
            "invitation_code": invite.json()["invitation_code"],
        },
    )
    member = {"Authorization": f"Bearer {r.json()['access_token']}"}
    boss = (await client.get("/api/auth/me", headers=admin)).json()
    assert r.json()["tenant"]["tenant_id"] == boss["tenant_id"]
    assert_problem(
        await client.post("/api/admin/api-keys", headers=member, json={"name": "k"}),
        403,
        "forbidden",
    )
    key = await client.post("/api/admin/api-keys", headers=admin, json={"name": "svc"})
    assert key.status_code == 201
    service = {"Authorization": f"Bearer {key.json()['api_key']}"}
    assert (await client.get("/api/intents", headers=service)).status_code == 200


async def test_upload_streams_then_ingests_and_limits_size(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "u@example.com")
    r = await client.post(
        "/api/uploads", headers=auth, files={"file": ("../../etc/passwd.csv", b"a,b\n1,2\n")}
    )
    assert r.status_code == 201, r.text
    staged = r.json()
    assert staged["size"] == 8
    assert staged["upload_uri"].startswith("blob://")
    session = (await client.post("/api/session/create", json={}, headers=auth)).json()
    sub = (
        await client.post(
            "/api/intent/submit",
            headers=auth,
            json={
                "intent_type": "ingest_file",
                "session_id": session["session_id"],
                "parameters": {
                    "ui_name": staged["filename"],
                    "filename": staged["filename"],
                    "upload_uri": staged["upload_uri"],
                },
            },
        )
    ).json()
    view = (await client.get(f"/api/execution/{sub['execution_id']}/status", headers=auth)).json()
    while view["status"] not in ("completed", "failed"):
        view = (
            await client.get(f"/api/execution/{sub['execution_id']}/status", headers=auth)
        ).json()
    assert view["status"] == "completed", view
    art = (await client.get(f"/api/artifacts/{view['result']['artifact_id']}", headers=auth)).json()
    assert art["semantic_descriptor"]["filename"] == "passwd.csv"
    big = await client.post(
        "/api/uploads", headers=auth, files={"file": ("big.bin", b"x" * (64 * 1024 + 1))}
    )
    assert_problem(big, 413, "payload-too-large")
    missing = await client.post("/api/uploads", headers=auth, files={"other": ("a", b"1")})
    assert_problem(missing, 400, "invalid-request")


async def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    async with (
        platform(f"sqlite:///{tmp_path}/r.db", tmp_path, rate_limit_per_ip_per_minute=3) as plat,
        httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app)) as client,
    ):
        codes = [(await client.get("/api/intents")).status_code for _ in range(4)]
        assert codes[:3] == [401, 401, 401]
        r = await client.get("/api/intents")
        assert_problem(r, 429, "rate-limited")
        assert int(r.headers["Retry-After"]) >= 1
        spoofed = await client.get("/api/intents", headers={"X-Forwarded-For": "10.9.9.9"})
        assert spoofed.status_code == 429  # the header is not trusted from an unknown peer
