"""`GET /api/intent/pending/stream` on both services: refusals are problem+json before any
stream starts (no token 401, an unknown or bad query key 4xx), and the Runtime API serves the
live snapshots over a real socket to RuntimeClient."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from symphainy.errors import InvalidParameters
from symphainy.sdk import RuntimeClient, SyncRuntimeClient
from tests.integration.gateway.platform import GW, platform
from tests.integration.gateway.test_gateway_security import assert_problem, signup
from tests.integration.runtime_api.harness import A, B, runtime_api, serve, threaded_api, token

PATH = "/api/intent/pending/stream"
BAD_QUERIES = ("?tenant_id=someone-else", "?status=nope", "?intent_type=" + "x" * 129)


@pytest.fixture(params=["experience", "experience-split", "runtime"])
async def service(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    """A client of one service and the headers of a signed-in caller there."""
    if request.param == "runtime":
        async with runtime_api(database_url, tmp_path) as api, api.http(None) as http:
            yield http, dict(api.http(A).headers)
        return
    async with platform(database_url, tmp_path) as plat:
        app = plat.app if request.param == "experience" else plat.remote_app
        async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(app)) as http:
            yield http, await signup(http, "watcher@example.com")


async def test_no_token_is_401(service: tuple[httpx.AsyncClient, dict[str, str]]) -> None:
    http, _ = service
    assert_problem(await http.get(PATH), 401, "authentication-required")


async def test_bad_query_keys_are_422_before_a_stream_starts(
    service: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    http, headers = service
    for query in BAD_QUERIES:
        assert_problem(await http.get(PATH + query, headers=headers), 422, "invalid-parameters")


async def test_the_runtime_api_streams_snapshots_to_runtime_client(tmp_path: Path) -> None:
    async with (
        runtime_api(f"sqlite:///{tmp_path}/api.db", tmp_path) as api,
        serve(api.app) as url,
        RuntimeClient(url, token(A)) as a,
        RuntimeClient(url, token(B)) as b,
    ):
        stream = a.stream_pending_intents(intent_type="add_one")
        try:
            async with asyncio.timeout(30):
                assert (await anext(stream)).intents == []
                await b.create_pending_intent("add_one")  # another tenant's: never seen
                made = await a.create_pending_intent("add_one")
                page = await anext(stream)
            assert [i.intent_id for i in page.intents] == [made.intent_id]
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
        with pytest.raises(InvalidParameters):
            await anext(a.stream_pending_intents(status="nope"))


def test_the_blocking_client_streams_snapshots_too(tmp_path: Path) -> None:
    with (
        threaded_api(f"sqlite:///{tmp_path}/api.db", tmp_path) as url,
        SyncRuntimeClient(url, token(A)) as a,
    ):
        stream = a.stream_pending_intents()
        assert next(stream).intents == []
        made = a.create_pending_intent("add_one")
        assert [i.intent_id for i in next(stream).intents] == [made.intent_id]
        stream.close()
