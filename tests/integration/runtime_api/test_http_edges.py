"""The Runtime API's edges on both stores: what no store can keep is a 4xx problem naming the
offending path, never a 5xx or a retryable 503; what the schema cannot say is still refused."""

from __future__ import annotations

import pytest

from symphainy.errors import InvalidParameters
from symphainy.runtime import SubmitIntent
from tests.integration.runtime_api.harness import A, Api
from tests.integration.runtime_api.test_problems import _is_problem


async def test_integers_beyond_int64_anywhere_in_parameters_are_422(api_any: Api) -> None:
    before = await api_any.wal_heads()
    async with api_any.http() as http:
        for parameters, loc in (
            ({"x": 2**63}, ["x"]),
            ({"x": -(2**63) - 1}, ["x"]),
            (
                {"journey_id": "j", "journey_params": {"a": [1, 2**64]}},
                ["journey_params", "a", "1"],
            ),
        ):
            intent = "add_one" if "x" in parameters else "compose_journey"
            r = await http.post(
                "/api/intent/submit", json={"intent_type": intent, "parameters": parameters}
            )
            body = _is_problem(r, 422, "invalid-parameters")
            assert [e["loc"][-len(loc) - 1 :] for e in body["errors"]] == [["parameters", *loc]]
        ok = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 2**63 - 2}},
        )
        assert ok.status_code == 202, ok.text
    assert (await api_any.wal_heads())[1] == before[1]


async def test_submit_path_of_the_runtime_refuses_oversized_integers(api_any: Api) -> None:
    # In process (LocalSDK's path): the runtime's own parameter check, no HTTP model in front.
    request = SubmitIntent(
        tenant_id=A,
        intent_type="compose_journey",
        parameters={"journey_id": "j", "journey_params": {"deep": {"n": -(2**64)}}},
    )
    with pytest.raises(InvalidParameters) as refused:
        await api_any.runtime.submit(request)
    assert refused.value.extra["errors"] == [
        {
            "loc": ["parameters", "journey_params", "deep", "n"],
            "msg": "integers must fit in 64 bits",
            "type": "int64_range",
        }
    ]


async def test_nan_and_infinity_are_refused_not_stored_as_null(api_any: Api) -> None:
    before = await api_any.wal_heads()
    async with api_any.http() as http:
        for literal in ("NaN", "Infinity", "-Infinity", "1e999"):
            body = (
                '{"intent_type": "compose_journey", '
                f'"parameters": {{"journey_id": "j", "journey_params": {{"v": {literal}}}}}}}'
            )
            r = await http.post(
                "/api/intent/submit", content=body, headers={"content-type": "application/json"}
            )
            problem = _is_problem(r, 422, "invalid-parameters")
            assert problem["errors"][0]["type"] == "json_invalid"
    assert await api_any.wal_heads() == before


async def test_wal_after_is_bounded_by_int64(api_any: Api) -> None:
    async with api_any.http() as http:
        _is_problem(await http.get(f"/api/wal?after={2**63}"), 422, "invalid-parameters")
        r = await http.get(f"/api/wal?after={2**63 - 1}")
        assert r.status_code == 200, r.text
        assert r.json() == {"entries": []}


async def test_control_characters_in_ids_are_422(api_any: Api) -> None:
    async with api_any.http() as http:
        for path in (
            "/api/execution/a%00b/status",
            "/api/session/a%07b",
            "/api/artifacts/a%1Bb/lineage",
            "/api/intent/pending/a%7Fb",
        ):
            _is_problem(await http.get(path), 422, "invalid-parameters")
        r = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 1}, "session_id": "s\x00"},
        )
        _is_problem(r, 422, "invalid-parameters")
        r = await http.post(
            "/api/intent/pending/create", json={"intent_type": "add_one", "session_id": "s\n"}
        )
        _is_problem(r, 422, "invalid-parameters")


async def test_empty_upload_is_refused(api_any: Api) -> None:
    async with api_any.http() as http:
        _is_problem(await http.post("/api/uploads", content=b""), 422, "invalid-parameters")
        ok = await http.post("/api/uploads", content=b"a,b\n")
        assert ok.status_code == 201, ok.text


async def test_trace_is_405_with_allow(api: Api) -> None:
    async with api.http() as http:
        r = await http.request("TRACE", "/api/intents")
        _is_problem(r, 405, "http-405")
        assert r.headers["allow"] == "GET"
        r = await http.request("TRACE", "/api/execution/x/status")
        assert r.status_code == 405
        assert r.headers["allow"] == "GET"
