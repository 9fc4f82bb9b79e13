"""Authentication: signed service tokens, and the tenant coming only from them."""

from __future__ import annotations

import stat
import string
import time
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.contracts import RUNTIME_ROUTES
from symphainy.errors import AuthenticationRequired, ConfigurationError
from symphainy.runtime.api import PUBLIC_PATHS
from symphainy.security import (
    Principal,
    load_or_create_service_secret,
    mint_service_token,
    verify_service_token,
)
from tests.integration.runtime_api.harness import SECRET, A, Api, auth, token

PROBLEM = "application/problem+json"


def test_token_round_trip_carries_the_principal() -> None:
    p = Principal("t", "u", ("member", "admin"), False, "s1")
    assert verify_service_token(SECRET, mint_service_token(SECRET, p, 60)) == p
    anon = Principal("anon:s2", None, anonymous=True, session_id="s2")
    assert verify_service_token(SECRET, mint_service_token(SECRET, anon, 60)) == anon


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature
        lambda t: "sst1." + t.split(".")[1][:-1] + "x." + t.split(".")[2],  # payload
        lambda t: "sst2" + t[4:],  # version
        lambda t: t.replace(".", "", 1),  # shape
        lambda t: t + "!",  # alphabet
    ],
)
def test_tampered_tokens_are_refused(mangle) -> None:
    good = mint_service_token(SECRET, Principal("t", "u"), 60)
    with pytest.raises(AuthenticationRequired):
        verify_service_token(SECRET, mangle(good))


def test_every_other_last_character_of_the_signature_is_refused() -> None:
    # The unused low bits of the last base64 character must not give a second valid spelling.
    good = mint_service_token(SECRET, Principal("t", "u"), 60)
    alphabet = string.ascii_letters + string.digits + "-_"
    for other in alphabet.replace(good[-1], ""):
        with pytest.raises(AuthenticationRequired):
            verify_service_token(SECRET, good[:-1] + other)


def test_expiry_and_clock_skew() -> None:
    now = time.time()
    tok = mint_service_token(SECRET, Principal("t", "u"), 10, now=now)
    verify_service_token(SECRET, tok, now=now + 10 + 29)  # within the skew
    with pytest.raises(AuthenticationRequired, match="expired"):
        verify_service_token(SECRET, tok, now=now + 10 + 31)
    future = mint_service_token(SECRET, Principal("t", "u"), 10, now=now + 120)
    with pytest.raises(AuthenticationRequired, match="future"):
        verify_service_token(SECRET, future, now=now)


def test_key_ring_picks_the_key_by_kid() -> None:
    ring = {"k1": b"first-secret-0123456789", "k2": b"second-secret-0123456789"}
    tok = mint_service_token(ring, Principal("t", "u"), 60, kid="k2")
    assert verify_service_token(ring, tok).tenant_id == "t"
    with pytest.raises(AuthenticationRequired):
        verify_service_token({"k1": ring["k1"]}, tok)
    with pytest.raises(AuthenticationRequired):
        verify_service_token(ring["k1"], tok)


def test_secret_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    first = load_or_create_service_secret(settings)
    assert len(first) >= 32
    assert load_or_create_service_secret(settings) == first
    mode = stat.S_IMODE((tmp_path / "home" / "service_secret").stat().st_mode)
    assert mode == 0o600
    configured = Settings(home=tmp_path, service_secret="configured-secret-123456")
    assert load_or_create_service_secret(configured) == b"configured-secret-123456"
    with pytest.raises(ConfigurationError):
        load_or_create_service_secret(Settings(home=tmp_path, service_secret="short"))


def _concrete(path: str) -> str:
    return path.replace("{", "").replace("}", "")


async def test_every_route_but_the_public_ones_needs_a_token(api: Api) -> None:
    async with api.http(tenant=None) as http:
        for name, route in RUNTIME_ROUTES.items():
            response = await http.request(route.method, _concrete(route.path), json={})
            if route.path in PUBLIC_PATHS:
                assert response.status_code < 400, name
                continue
            assert response.status_code == 401, name
            assert response.headers["content-type"] == PROBLEM
            assert response.headers["www-authenticate"] == "Bearer"
        assert (await http.get("/openapi.json")).status_code == 200
        assert (await http.get("/docs")).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-token"},
        {
            "Authorization": "Bearer "
            + mint_service_token(b"another-secret-0123456789", Principal(A, "u"), 60)
        },
        {
            "Authorization": "Bearer "
            + mint_service_token(SECRET, Principal(A, "u"), 1, now=time.time() - 3600)
        },
    ],
    ids=["missing", "basic", "garbage", "bad-signature", "expired"],
)
async def test_bad_credentials_get_a_401_problem_and_write_nothing(api: Api, header) -> None:
    before = await api.wal_heads()
    async with api.http(tenant=None) as http:
        response = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 1}},
            headers=header,
        )
    assert response.status_code == 401
    body = response.json()
    assert body["type"].endswith("/authentication-required")
    assert body["status"] == 401
    assert set(body) >= {"type", "title", "status", "detail"}
    assert await api.wal_heads() == before


async def test_tenant_in_body_or_query_is_rejected(api: Api) -> None:
    before = await api.wal_heads()
    async with api.http() as http:
        body = {"intent_type": "add_one", "parameters": {"x": 1}, "tenant_id": "tenant-b"}
        response = await http.post("/api/intent/submit", json=body)
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "tenant_id"]
        response = await http.post("/api/session/create", json={"tenant_id": "tenant-b"})
        assert response.status_code == 422
        response = await http.get("/api/wal", params={"tenant_id": "tenant-b"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "tenant_id"]
    assert await api.wal_heads() == before


async def test_anonymous_callers_reach_only_anonymous_intents(api: Api) -> None:
    headers = auth("anon:s9", user=None, anonymous=True, session_id="s9")
    async with api.http(tenant=None) as http:
        session = await http.post("/api/session/create", json={}, headers=headers)
        assert session.json()["session_id"] == "s9"
        ok = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 1}},
            headers=headers,
        )
        assert ok.status_code == 202
        status = await http.get(
            f"/api/execution/{ok.json()['execution_id']}/status", headers=headers
        )
        assert status.json()["session_id"] == "s9"  # a session-bound token acts in its session
        refused = await http.post(
            "/api/intent/submit",
            json={"intent_type": "progress", "parameters": {"x": 1}},
            headers=headers,
        )
        assert refused.status_code == 403
        assert refused.json()["type"].endswith("/forbidden")


async def test_upgrade_needs_a_signed_in_caller_and_an_anonymous_owner(api: Api) -> None:
    anon = token("anon:s7", None, anonymous=True, session_id="s7")
    async with api.http(tenant=None) as http:
        created = await http.post(
            "/api/session/create", json={}, headers={"Authorization": f"Bearer {anon}"}
        )
        assert created.status_code == 201
        assert created.json()["session_id"] == "s7"
        again = await http.post(
            "/api/session/create", json={}, headers={"Authorization": f"Bearer {anon}"}
        )
        assert again.status_code == 401  # the caller facade: sign in to start another
        as_anon = await http.patch(
            "/api/session/s7/upgrade",
            json={"anonymous_token": anon},
            headers={"Authorization": f"Bearer {anon}"},
        )
        assert as_anon.status_code == 401  # as on the Experience service: sign in first
        with_user_token = await http.patch(
            "/api/session/s7/upgrade", json={"anonymous_token": token()}, headers=auth()
        )
        assert with_user_token.status_code == 403
        other = token("anon:s8", None, anonymous=True, session_id="s8")
        wrong_session = await http.patch(
            "/api/session/s7/upgrade", json={"anonymous_token": other}, headers=auth()
        )
        assert wrong_session.status_code == 404
        ok = await http.patch(
            "/api/session/s7/upgrade", json={"anonymous_token": anon}, headers=auth()
        )
        assert ok.status_code == 200
        assert ok.json()["tenant_id"] == A


async def test_a_token_without_the_member_role_reads_and_submits_only(api: Api) -> None:
    # A service token carries the roles it was minted with; the caller facade checks them on
    # the Runtime API as on the Experience service (RUNTIME_CONTRACTS section 8).
    bare = {"Authorization": f"Bearer {token(roles=())}"}
    async with api.http(tenant=None) as http:
        reads = await http.get("/api/intents", headers=bare)
        assert reads.status_code == 200
        submits = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 1}},
            headers=bare,
        )
        assert submits.status_code == 202
        writes = [
            await http.post("/api/session/create", json={}, headers=bare),
            await http.post("/api/uploads", content=b"k,v\n", headers=bare),
            await http.post(
                "/api/intent/pending/create", json={"intent_type": "add_one"}, headers=bare
            ),
        ]
        assert [w.status_code for w in writes] == [403, 403, 403]
        assert {w.json()["type"].rsplit("/", 1)[-1] for w in writes} == {"forbidden"}
        upload = await http.post("/api/uploads", content=b"k,v\n", headers=auth())
        assert upload.status_code == 201
