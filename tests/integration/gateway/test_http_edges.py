"""The Experience service's edges, in both deployments (combined: LocalSDK in process; split:
RemoteSDK → Runtime API), on both stores: bad input is a 4xx problem with a stable type, the
same one whichever deployment answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.integration.gateway.platform import GW, Platform, platform
from tests.integration.gateway.test_gateway_security import assert_problem, signup


@pytest.fixture
async def plat(database_url: str, tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(database_url, tmp_path) as p:
        yield p


@pytest.fixture(params=["combined", "split"])
async def client(
    request: pytest.FixtureRequest, plat: Platform
) -> AsyncIterator[httpx.AsyncClient]:
    app = plat.app if request.param == "combined" else plat.remote_app
    async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(app)) as c:
        yield c


async def session_of(client: httpx.AsyncClient, auth: dict[str, str]) -> str:
    r = await client.post("/api/session/create", json={}, headers=auth)
    assert r.status_code == 201, r.text
    return str(r.json()["session_id"])


async def test_another_tenants_session_is_refused_alike(client: httpx.AsyncClient) -> None:
    a, b = await signup(client, "a@example.com"), await signup(client, "b@example.com")
    session = await session_of(client, a)
    pending = await client.post(
        "/api/intent/pending/create",
        headers=b,
        json={"intent_type": "add_one", "session_id": session},
    )
    assert_problem(pending, 404, "session-not-found")
    submit = await client.post(
        "/api/intent/submit",
        headers=b,
        json={"intent_type": "add_one", "parameters": {"x": 1}, "session_id": session},
    )
    assert_problem(submit, 404, "session-not-found")
    listed = (await client.post("/api/intent/pending/list", headers=b, json={})).json()
    assert listed["total"] == 0


async def test_control_characters_in_ids_are_422(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    for path in (
        "/api/execution/x%00y/status",
        "/api/session/x%00y",
        "/api/session/x%01y/state",
        "/api/artifacts/x%00y",
        "/api/artifacts/x%1fy/lineage",
        "/api/intent/pending/x%00y/decide",
    ):
        method = "POST" if path.endswith("decide") else "GET"
        body = {"decision": "approve"} if method == "POST" else None
        r = await client.request(method, path, headers=auth, json=body)
        assert_problem(r, 422, "invalid-parameters")
    for bad in ("s\x00", "s\x07"):
        r = await client.post(
            "/api/intent/submit",
            headers=auth,
            json={"intent_type": "add_one", "parameters": {"x": 1}, "session_id": bad},
        )
        assert_problem(r, 422, "invalid-parameters")
    r = await client.post("/api/artifact/resolve", headers=auth, json={"artifact_id": "a\x00"})
    assert_problem(r, 422, "invalid-parameters")


async def test_integers_beyond_64_bits_in_parameters_are_422(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    session = await session_of(client, auth)
    for parameters, loc in (
        ({"x": 2**63}, ["parameters", "x"]),
        ({"x": -(2**63) - 1}, ["parameters", "x"]),
        ({"journey_id": "j", "journey_params": {"a": [1, 2**64]}}, None),
    ):
        intent = "add_one" if "x" in parameters else "compose_journey"
        r = await client.post(
            "/api/intent/submit",
            headers=auth,
            json={"intent_type": intent, "parameters": parameters, "session_id": session},
        )
        assert_problem(r, 422, "invalid-parameters")
        if loc is not None:
            assert any(e["loc"][-len(loc) :] == loc for e in r.json()["errors"]), r.text
        else:
            assert any(e["loc"][-3:] == ["journey_params", "a", "1"] for e in r.json()["errors"])


async def test_nan_and_infinity_are_refused(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    session = await session_of(client, auth)
    for literal in ("NaN", "Infinity", "-Infinity", "1e400"):
        body = (
            f'{{"intent_type": "compose_journey", "session_id": "{session}", '
            f'"parameters": {{"journey_id": "j", "journey_params": {{"v": {literal}}}}}}}'
        )
        r = await client.post(
            "/api/intent/submit",
            headers={**auth, "content-type": "application/json"},
            content=body,
        )
        assert_problem(r, 422, "invalid-parameters")


async def test_wal_after_beyond_int64_is_422(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    assert_problem(
        await client.get(f"/api/wal?after={2**63}", headers=auth), 422, "invalid-parameters"
    )
    ok = await client.get(f"/api/wal?after={2**63 - 1}", headers=auth)
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"entries": []}  # a WalPage, as on the Runtime API


async def test_utf8_upload_name_comes_back_intact(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    for name in ("résumé.csv", "日本語.csv"):
        r = await client.post("/api/uploads", headers=auth, files={"file": (name, b"a,b\n1,2\n")})
        assert r.status_code == 201, r.text
        assert r.json()["filename"] == name


async def test_rfc5987_upload_name_is_decoded(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="resume.csv"; '
        b"filename*=UTF-8''r%C3%A9sum%C3%A9.csv\r\n\r\na,b\n\r\n--b--\r\n"
    )
    r = await client.post(
        "/api/uploads",
        headers={**auth, "content-type": "multipart/form-data; boundary=b"},
        content=body,
    )
    assert r.status_code == 201, r.text
    assert r.json()["filename"] == "résumé.csv"


async def test_overlong_upload_name_is_422(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    r = await client.post(
        "/api/uploads", headers=auth, files={"file": ("x" * 5000 + ".csv", b"a,b\n")}
    )
    assert_problem(r, 422, "invalid-parameters")
    # The limit counts bytes: 128 two-byte characters are 256 bytes.
    r = await client.post("/api/uploads", headers=auth, files={"file": ("é" * 128, b"a,b\n")})
    assert_problem(r, 422, "invalid-parameters")
    r = await client.post("/api/uploads", headers=auth, files={"file": ("é" * 127, b"a,b\n")})
    assert r.status_code == 201, r.text


async def test_empty_upload_is_refused(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    r = await client.post("/api/uploads", headers=auth, files={"file": ("e.csv", b"")})
    assert_problem(r, 422, "invalid-parameters")


async def test_trace_is_405_with_allow(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    r = await client.request("TRACE", "/api/intents", headers=auth)
    assert r.status_code == 405, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["allow"] == "GET"


PUBLIC = {"/health", "/ready", "/api/limits", "/api/auth/register", "/api/auth/login"}
PUBLIC |= {"/api/auth/refresh", "/api/session/create-anonymous"}
DOCUMENTED = {"401", "403", "404", "409", "413", "422", "429"}


async def test_openapi_documents_problems_streams_and_ids(plat: Platform) -> None:
    from symphainy.runtime.api import create_runtime_app

    for app in (plat.app, create_runtime_app(plat.runtime, plat.runtime.settings)):
        paths = app.openapi()["paths"]
        for path, item in paths.items():
            for operation in item.values():
                responses = operation["responses"]
                codes = {"413", "422"} if path in PUBLIC else DOCUMENTED
                for code in codes:
                    assert "application/problem+json" in responses[code]["content"], (path, code)
                for param in operation.get("parameters", []):
                    if param["in"] == "path":
                        assert param["schema"]["pattern"] == "^[^\\x00-\\x1f\\x7f]+$", path
        stream = paths["/api/execution/{execution_id}/stream"]["get"]["responses"]["200"]
        assert list(stream["content"]) == ["text/event-stream"]
        wal_after = next(p for p in paths["/api/wal"]["get"]["parameters"] if p["name"] == "after")
        assert wal_after["schema"]["maximum"] == 2**63 - 1


async def test_utf8_name_survives_ingest_and_download(client: httpx.AsyncClient) -> None:
    auth = await signup(client, "a@example.com")
    session = await session_of(client, auth)
    name = "日本語 résumé.csv"
    staged = await client.post("/api/uploads", headers=auth, files={"file": (name, b"a,b\n1,2\n")})
    assert staged.status_code == 201, staged.text
    params = {"ui_name": name, "filename": name, "upload_uri": staged.json()["upload_uri"]}
    sub = await client.post(
        "/api/intent/submit",
        headers=auth,
        json={"intent_type": "ingest_file", "session_id": session, "parameters": params},
    )
    assert sub.status_code == 202, sub.text
    execution = sub.json()["execution_id"]
    view = await client.get(f"/api/execution/{execution}/status?wait=30", headers=auth)
    assert view.json()["status"] == "completed", view.text
    artifact = view.json()["result"]["artifact_id"]
    got = await client.get(f"/api/artifacts/{artifact}/content", headers=auth)
    assert got.status_code == 200, got.text
    assert got.content == b"a,b\n1,2\n"
    disposition = got.headers["content-disposition"]
    assert "filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%20r%C3%A9sum%C3%A9.csv" in disposition
