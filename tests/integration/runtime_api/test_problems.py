"""Every failure is problem+json with a stable type, and a rejected request persists nothing."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.runtime_api.harness import Api, runtime_api

PROBLEM = "application/problem+json"


def _is_problem(response, status: int, type_suffix: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"https://symphainy.dev/problems/{type_suffix}"
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert isinstance(body["detail"], str)
    return body


@pytest.fixture
async def small_api(tmp_path: Path) -> AsyncIterator[Api]:
    async with runtime_api(f"sqlite:///{tmp_path}/p.db", tmp_path, max_body_bytes=1024) as api:
        yield api


async def test_unknown_intent_is_a_404_and_writes_nothing(api_any: Api) -> None:
    before = await api_any.wal_heads()
    async with api_any.http() as http:
        response = await http.post("/api/intent/submit", json={"intent_type": "nope"})
    body = _is_problem(response, 404, "intent-not-found")
    assert body["intent_type"] == "nope"
    assert body["instance"] == "/api/intent/submit"
    assert await api_any.wal_heads() == before


async def test_invalid_parameters_name_the_field_and_write_nothing(api_any: Api) -> None:
    before = await api_any.wal_heads()
    async with api_any.http() as http:
        response = await http.post(
            "/api/intent/submit", json={"intent_type": "add_one", "parameters": {"x": "seven"}}
        )
    body = _is_problem(response, 422, "invalid-parameters")
    assert body["errors"][0]["loc"] == ["parameters", "x"]
    assert await api_any.wal_heads() == before


async def test_malformed_bodies_get_422_with_field_paths(api: Api) -> None:
    async with api.http() as http:
        missing = await http.post("/api/intent/submit", json={"parameters": {}})
        body = _is_problem(missing, 422, "invalid-parameters")
        assert body["errors"][0]["loc"] == ["body", "intent_type"]
        broken = await http.post(
            "/api/intent/submit", content=b"{not json", headers={"content-type": "application/json"}
        )
        _is_problem(broken, 422, "invalid-parameters")
        paging = await http.post("/api/artifact/list", json={"limit": 0})
        assert _is_problem(paging, 422, "invalid-parameters")["errors"][0]["loc"] == [
            "body",
            "limit",
        ]


async def test_unknown_routes_and_methods(api: Api) -> None:
    async with api.http() as http:
        _is_problem(await http.get("/api/nothing/here"), 404, "not-found")
        _is_problem(await http.delete("/api/intents"), 405, "http-405")


async def test_declared_oversized_body_is_413_and_writes_nothing(small_api: Api) -> None:
    before = await small_api.wal_heads()
    big = {"intent_type": "add_one", "parameters": {"x": 1}, "metadata": {"pad": "x" * 4096}}
    async with small_api.http() as http:
        response = await http.post("/api/intent/submit", json=big)
    _is_problem(response, 413, "payload-too-large")
    assert await small_api.wal_heads() == before


async def test_streamed_oversized_body_is_counted_and_refused(small_api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"intent_type": "add_one", "metadata": {"pad": "'
        for _ in range(10):
            yield b"x" * 512
        yield b'"}}'

    before = await small_api.wal_heads()
    async with small_api.http() as http:  # no Content-Length: chunked upload
        response = await http.post(
            "/api/intent/submit", content=chunks(), headers={"content-type": "application/json"}
        )
    _is_problem(response, 413, "payload-too-large")
    assert await small_api.wal_heads() == before


async def test_bad_content_length_is_a_400(api: Api) -> None:
    async with api.http() as http:
        response = await http.post(
            "/api/session/create", content=b"{}", headers={"content-length": "abc"}
        )
    _is_problem(response, 400, "invalid-request")


async def test_unexpected_errors_are_a_500_without_internals(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(api.runtime.registry, "contracts", explode)
    with caplog.at_level(logging.ERROR, logger="symphainy.runtime.api"):
        async with api.http() as http:
            response = await http.get("/api/intents")
    body = _is_problem(response, 500, "error")
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert body["detail"] == "Something went wrong in Symphainy."
    assert "secret internals" in caplog.text  # logged, with its trace, for operators


async def test_idempotency_header_wins_over_the_body_key(api: Api) -> None:
    body = {"intent_type": "add_one", "parameters": {"x": 1}, "idempotency_key": "body"}
    async with api.http() as http:
        first = await http.post("/api/intent/submit", json=body, headers={"Idempotency-Key": "h"})
        by_header = await http.post(
            "/api/intent/submit",
            json={**body, "idempotency_key": "other"},
            headers={"Idempotency-Key": "h"},
        )
        by_body = await http.post("/api/intent/submit", json=body)
    assert by_header.json()["execution_id"] == first.json()["execution_id"]
    assert by_body.status_code == 202
    assert by_body.json()["deduplicated"] is False


async def test_idempotency_header_dedupes_per_tenant(api_any: Api) -> None:
    body = {"intent_type": "add_one", "parameters": {"x": 1}}
    async with api_any.http() as http, api_any.http("tenant-b") as other:
        first = await http.post("/api/intent/submit", json=body, headers={"Idempotency-Key": "i"})
        again = await http.post("/api/intent/submit", json=body, headers={"Idempotency-Key": "i"})
        theirs = await other.post("/api/intent/submit", json=body, headers={"Idempotency-Key": "i"})
    assert (first.status_code, again.status_code, theirs.status_code) == (202, 200, 202)
    assert first.json()["execution_id"] == again.json()["execution_id"]
    assert again.json()["deduplicated"] is True
    assert theirs.json()["execution_id"] != first.json()["execution_id"]


async def test_readiness_reports_problems_with_503(api: Api, monkeypatch) -> None:
    async with api.http(tenant=None) as http:
        assert (await http.get("/ready")).json()["ready"] is True

        async def unreachable() -> float:
            raise OSError("connection refused")

        monkeypatch.setattr(api.runtime.store, "ping", unreachable)
        response = await http.get("/ready")
        assert response.status_code == 503
        assert response.json()["ready"] is False
        assert "store unreachable" in response.json()["problems"][0]
        assert (await http.get("/health")).status_code == 200
