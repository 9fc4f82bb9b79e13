"""Search through every Experience SDK (local, HTTP, HTTP → Runtime API) on both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from symphainy.errors import InvalidParameters
from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import PASSWORD, Platform

DUE = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
ACME = {"customer": "acme", "amount": 120, "urgent": True, "ratio": 0.5, "due": DUE}


async def _run(sdk: ExperienceSDK, intent: str, attrs: dict[str, Any], x: int = 1) -> str:
    params = {"x": x} if intent == "add_one" else {}
    sub = await sdk.invoke_intent(intent, params, search_attributes=attrs)
    await sdk.wait(sub.execution_id, timeout=30)
    return sub.execution_id


async def _ids(sdk: ExperienceSDK, **filters: Any) -> list[str]:
    page = await sdk.list_executions(**filters)
    assert page.total == len(page.executions)
    return [e.execution_id for e in page.executions]


async def test_search_attributes_are_shown_and_every_key_must_match(sdk: ExperienceSDK) -> None:
    acme = await _run(sdk, "add_one", ACME)
    globex = await _run(sdk, "add_one", {"customer": "globex", "amount": 120})
    view = await sdk.get_execution(acme)
    due = {"datetime": "2030-01-02T03:04:05Z"}
    assert view.search_attributes == {**ACME, "due": due}
    assert await _ids(sdk, search_attributes={"customer": "acme"}) == [acme]
    assert await _ids(sdk, search_attributes={"amount": 120}) == [globex, acme]
    assert await _ids(sdk, search_attributes={"amount": 120, "customer": "globex"}) == [globex]
    assert await _ids(sdk, search_attributes={"urgent": True, "due": DUE}) == [acme]
    assert await _ids(sdk, search_attributes={"due": due, "ratio": 0.5}) == [acme]
    # The type is part of the value: neither "120", 120.0 nor 1 for True match.
    for other in ({"amount": "120"}, {"amount": 120.0}, {"urgent": 1}, {"customer": "Acme"}):
        assert await _ids(sdk, search_attributes=other) == []
    assert await _ids(sdk, search_attributes={"customer": "acme", "nope": 1}) == []


async def test_filters_by_time_status_error_and_intent(sdk: ExperienceSDK) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    ok = await _run(sdk, "add_one", {"batch": 7})
    bad = await _run(sdk, "refuse", {"batch": 7})
    after = datetime.now(UTC) + timedelta(seconds=1)
    both = [bad, ok]
    assert await _ids(sdk, created_after=before, created_before=after) == both
    assert await _ids(sdk, created_after=after) == []
    assert await _ids(sdk, finished_before=before) == []
    assert await _ids(sdk, finished_after=before, finished_before=after) == both
    assert await _ids(sdk, error_type="invalid-request") == [bad]
    uri = "https://symphainy.dev/problems/invalid-request"
    assert await _ids(sdk, error_type=uri, status="failed") == [bad]
    assert await _ids(sdk, error_type="handler-error") == []
    assert await _ids(sdk, intent_type="add_one", intent_version=1) == [ok]
    assert await _ids(sdk, intent_type="add_one", intent_version=2) == []
    user = (await sdk.get_execution(ok)).user_id
    assert user is not None
    assert await _ids(sdk, user_id=user, search_attributes={"batch": 7}) == both
    assert await _ids(sdk, user_id="someone-else") == []


async def test_a_filtered_list_pages_by_cursor(sdk: ExperienceSDK) -> None:
    mine = [await _run(sdk, "add_one", {"tag": "paged"}, x) for x in range(5)]
    await _run(sdk, "add_one", {"tag": "other"})
    first = await sdk.list_executions(search_attributes={"tag": "paged"}, limit=2)
    second = await sdk.list_executions(
        search_attributes={"tag": "paged"}, limit=2, cursor=first.next_cursor
    )
    third = await sdk.list_executions(
        search_attributes={"tag": "paged"}, limit=2, cursor=second.next_cursor
    )
    assert (first.total, third.next_cursor) == (5, None)
    pages = first.executions + second.executions + third.executions
    assert [e.execution_id for e in pages] == mine[::-1]


async def test_excluded_attributes_and_top_level_leave_executions_out(
    sdk: ExperienceSDK,
) -> None:
    quiet = await _run(sdk, "add_one", {"console.internal": True, "customer": "acme"})
    loud = await _run(sdk, "add_one", {"customer": "acme"})
    untagged = await _run(sdk, "add_one", {})
    session = await sdk.create_session()
    journey = (await sdk.trigger_journey("chain", {"x": 5}, session)).execution_id
    assert (await sdk.wait(journey, timeout=30)).status == "completed"
    hidden = {"console.internal": True}
    assert await _ids(sdk, exclude_attributes=hidden, top_level=True) == [journey, untagged, loud]
    # The value and its type must match to leave one out, as in search_attributes.
    assert len(await _ids(sdk, exclude_attributes={"console.internal": "true"})) == 7
    assert await _ids(sdk, exclude_attributes={"customer": "acme"}, top_level=True) == [
        journey,
        untagged,
    ]
    both = {"search_attributes": {"customer": "acme"}, "exclude_attributes": hidden}
    assert await _ids(sdk, **both) == [loud]
    steps = await _ids(sdk, top_level=False)
    assert len(steps) == 3
    assert set(steps) == set(await _ids(sdk, parent_execution_id=journey))
    assert quiet in await _ids(sdk, top_level=True)
    assert await _ids(sdk, id_prefix=loud[:12]) == [loud]
    assert await _ids(sdk, id_prefix=loud) == [loud]
    assert await _ids(sdk, id_prefix=loud + "0") == []
    assert await _ids(sdk, id_prefix="%") == []  # a character, not a wildcard


@pytest.mark.parametrize(
    "attrs",
    [
        {"k": [1]},
        {"k": {"a": 1}},
        {"k": None},
        {"1k": "starts with a digit"},
        {"k": {"datetime": "2030-01-01T00:00:00"}},
        {"k": "x" * 257},
        {"k": "nul\x00inside"},
        {f"k{i}": i for i in range(17)},
    ],
)
async def test_malformed_search_attributes_are_refused(
    sdk: ExperienceSDK, attrs: dict[str, Any]
) -> None:
    with pytest.raises(InvalidParameters):
        await sdk.invoke_intent("add_one", {"x": 1}, search_attributes=attrs)
    with pytest.raises(InvalidParameters):
        await sdk.list_executions(search_attributes=attrs)


async def test_unknown_or_naive_filters_are_refused(sdk: ExperienceSDK) -> None:
    for filters in (
        {"no_such_filter": 1},
        {"created_after": datetime(2030, 1, 1)},  # naive: refused
        {"intent_version": 0},
        {"name_prefix": ""},
        {"id_prefix": ""},
    ):
        listing = sdk.list_artifacts if "name_prefix" in filters else sdk.list_executions
        with pytest.raises(InvalidParameters):
            await listing(**filters)


async def test_search_never_crosses_tenants(sdk: ExperienceSDK, plat: Platform) -> None:
    mine = await _run(sdk, "add_one", {"customer": "acme"})
    stranger = plat.http()
    await stranger.register("stranger@example.com", PASSWORD, "S")
    theirs = await _run(stranger, "add_one", {"customer": "acme"})
    assert await _ids(sdk, search_attributes={"customer": "acme"}) == [mine]
    assert await _ids(stranger, search_attributes={"customer": "acme"}) == [theirs]
    user = (await sdk.get_execution(mine)).user_id
    assert await _ids(stranger, user_id=user) == []
    assert (await stranger.list_artifacts(produced_by_intent="add_one")).total == 0
    await stranger.aclose()


async def test_artifacts_by_name_producer_and_time(sdk: ExperienceSDK, plat: Platform) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    session = await sdk.create_session()
    sub = await sdk.invoke_intent(
        "make_lineage", {"parent": "report_2026%.csv", "child": "parsed report"}, session
    )
    await sdk.wait(sub.execution_id, timeout=30)

    async def names(**filters: Any) -> list[str]:
        page = await sdk.list_artifacts(**filters)
        return sorted(a.semantic_descriptor["name"] for a in page.artifacts)

    both = ["parsed report", "report_2026%.csv"]
    assert await names(produced_by_intent="make_lineage") == both
    assert await names(name_prefix="report_2026%") == ["report_2026%.csv"]
    assert await names(name_prefix="report_2026_") == []  # no wildcards: _ is a character
    assert await names(name_prefix="Report") == []  # case-sensitive
    assert await names(name_contains="report") == both
    assert await names(name_contains="report", artifact_type="parsed_content") == both[:1]
    assert await names(created_after=before, execution_id=sub.execution_id) == both
    assert await names(created_before=before) == []
    assert await names(produced_by_intent="add_one") == []
