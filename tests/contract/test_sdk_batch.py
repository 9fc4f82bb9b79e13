"""Batch submit through every Experience SDK (local, HTTP, HTTP → Runtime API), both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from symphainy.errors import InvalidParameters
from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import PASSWORD, platform


async def test_each_item_is_recorded_or_refused_on_its_own_in_order(sdk: ExperienceSDK) -> None:
    session = (await sdk.create_session()).session_id
    answer = await sdk.invoke_intents(
        [
            {"intent_type": "add_one", "parameters": {"x": 1}, "session_id": session},
            {"intent_type": "no_such_intent"},
            {"intent_type": "add_one", "parameters": {"x": "one"}},
            {"intent_type": "add_one", "parameters": {"x": 41}, "idempotency_key": "k"},
            {"intent_type": "add_one", "parameters": {"x": 41}, "idempotency_key": "k"},
        ]
    )
    first, unknown, invalid, keyed, again = answer.results
    assert (answer.accepted, answer.refused) == (3, 2)
    assert unknown.problem is not None
    assert unknown.problem.status == 404
    assert unknown.execution_id is None
    assert invalid.problem is not None
    assert invalid.problem.status == 422
    assert invalid.problem.model_dump()["errors"][0]["loc"] == ["parameters", "x"]
    # One idempotency key twice in one batch is one execution, one of the two deduplicated.
    assert sorted([keyed.deduplicated, again.deduplicated]) == [False, True]
    assert again.execution_id == keyed.execution_id
    assert first.execution_id is not None
    assert keyed.execution_id is not None
    assert (await sdk.wait(first.execution_id, 30)).result == {"value": 2}
    done = await sdk.wait(keyed.execution_id, 30)
    assert (done.result, done.session_id) == ({"value": 42}, None)
    assert (await sdk.get_execution(first.execution_id)).session_id == session
    assert (await sdk.list_executions(intent_type="add_one")).total == 2  # refused: not recorded


async def test_a_malformed_item_refuses_the_batch_and_records_nothing(sdk: ExperienceSDK) -> None:
    good = {"intent_type": "add_one", "parameters": {"x": 1}}
    for batch in ([good, {**good, "unknown_key": 1}], [good, {"parameters": {}}], []):
        with pytest.raises(InvalidParameters):
            await sdk.invoke_intents(batch)
    with pytest.raises(InvalidParameters) as over:
        await sdk.invoke_intents([good] * 501)  # the default max_submit_batch is 500
    assert "max_submit_batch" in str(over.value)
    assert (await sdk.list_executions()).total == 0


async def test_items_take_every_field_of_a_single_submit(sdk: ExperienceSDK) -> None:
    later = (datetime.now(timezone(timedelta(hours=1))) + timedelta(days=30)).isoformat()
    answer = await sdk.invoke_intents(
        [
            {
                "intent_type": "add_one",
                "parameters": {"x": 1},
                "intent_id": "mine-1",
                "priority": 5,
                "search_attributes": {"customer": "acme"},
                "not_before": later,
            }
        ]
    )
    (only,) = answer.results
    assert only.intent_id == "mine-1"
    assert only.execution_id is not None
    view = await sdk.get_execution(only.execution_id)
    assert (view.status, view.priority, view.intent_id) == ("scheduled", 5, "mine-1")
    assert view.search_attributes == {"customer": "acme"}
    assert view.not_before is not None
    assert view.not_before > datetime.now(UTC) + timedelta(days=29)
    found = await sdk.list_executions(search_attributes={"customer": "acme"})
    assert [v.execution_id for v in found.executions] == [only.execution_id]


@pytest.mark.parametrize("transport", ["local", "http"])
async def test_each_item_counts_against_the_tenants_quotas(
    database_url: str, tmp_path: Path, transport: str
) -> None:
    async with platform(database_url, tmp_path, quota_max_queued=3) as plat:
        http = plat.http()
        await http.register("q@example.com", PASSWORD, "Q")
        sdk = await plat.local("q@example.com", PASSWORD) if transport == "local" else http
        later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        item = {"intent_type": "add_one", "parameters": {"x": 1}, "not_before": later}
        answer = await sdk.invoke_intents([item] * 4)  # scheduled: each one stays queued
        # The items are recorded concurrently: which one meets the full quota is not promised.
        refused = [r.problem for r in answer.results if r.problem is not None]
        assert (answer.accepted, len(refused)) == (3, 1)
        assert (refused[0].status, refused[0].type.rsplit("/", 1)[1]) == (429, "quota-exceeded")
        assert (await sdk.list_executions(status="scheduled")).total == 3
        await http.aclose()
