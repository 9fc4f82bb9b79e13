"""Over HTTP (Runtime API): a delayed start's bad timestamps are 422 problems that write
nothing, and an execution's history is paged, ordered, the stream's events, and tenant-scoped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.integration.runtime_api.harness import Api, B, runtime_api

PROBLEM = "application/problem+json"


def _problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == f"https://symphainy.dev/problems/{kind}"
    return body


@pytest.mark.parametrize(
    "bad",
    [
        "2030-01-01T09:00:00",  # naive: which 09:00?
        "2030-01-01",
        "next tuesday",
        "2030-02-30T09:00:00Z",
        1893484800,  # epoch seconds: not RFC 3339
        True,
        "9999-12-31T23:59:59+00:00",  # beyond max_not_before_seconds
    ],
)
async def test_a_bad_not_before_is_a_422_problem_and_writes_nothing(api_any: Api, bad: Any) -> None:
    before = await api_any.wal_heads()
    async with api_any.http() as http:
        response = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 1}, "not_before": bad},
        )
    body = _problem(response, 422, "invalid-parameters")
    assert body["errors"][0]["loc"][-1] == "not_before"
    assert await api_any.wal_heads() == before


async def test_a_delayed_start_over_http_is_scheduled_with_its_offset_kept_as_an_instant(
    api_any: Api,
) -> None:
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    local = at.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat()
    async with api_any.http() as http:
        sub = await http.post(
            "/api/intent/submit",
            json={"intent_type": "add_one", "parameters": {"x": 1}, "not_before": local},
        )
        assert sub.status_code == 202, sub.text
        view = (await http.get(f"/api/execution/{sub.json()['execution_id']}/status")).json()
    assert view["status"] == "scheduled"
    assert datetime.fromisoformat(view["not_before"]) == at


async def test_events_page_in_order_and_match_the_stream(api_any: Api) -> None:
    client = api_any.client()
    sub = await client.submit_intent("slow_progress", {"steps": 5, "delay": 0})
    final = await client.wait_execution(sub.execution_id, 15)
    streamed = [e async for e in client.stream_events(sub.execution_id)]
    paged, after, pages = [], 0, 0
    async with api_any.http() as http:
        while after is not None:
            response = await http.get(
                f"/api/execution/{sub.execution_id}/events", params={"after": after, "limit": 3}
            )
            assert response.status_code == 200, response.text
            page = response.json()
            assert len(page["events"]) <= 3
            paged += page["events"]
            after, pages = page["next_after"], pages + 1
    assert [e["seq"] for e in paged] == list(range(1, final.last_event_seq + 1))
    assert [(e["seq"], e["kind"], e["data"]) for e in paged] == [
        (e.seq, e.kind, e.data) for e in streamed
    ]
    assert pages == -(-final.last_event_seq // 3)  # the last page says so: no empty extra page


async def test_another_tenants_history_is_not_found(api_any: Api) -> None:
    sub = await api_any.client().submit_intent("add_one", {"x": 1})
    async with api_any.http(B) as other:
        response = await other.get(f"/api/execution/{sub.execution_id}/events")
    _problem(response, 404, "execution-not-found")
    async with api_any.http() as mine:
        over = await mine.get(f"/api/execution/{sub.execution_id}/events", params={"limit": 1001})
        assert _problem(over, 422, "invalid-parameters")["errors"][0]["loc"] == ["query", "limit"]


async def test_a_page_never_holds_more_than_event_page_max(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cap.db"
    async with runtime_api(url, tmp_path, event_page_max=2) as api:
        sub = await api.client().submit_intent("slow_progress", {"steps": 3, "delay": 0})
        await api.client().wait_execution(sub.execution_id, 15)
        async with api.http() as http:
            response = await http.get(
                f"/api/execution/{sub.execution_id}/events", params={"limit": 1000}
            )
    page = response.json()
    assert [e["seq"] for e in page["events"]] == [1, 2]
    assert page["next_after"] == 2
