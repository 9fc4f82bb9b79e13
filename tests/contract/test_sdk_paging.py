"""Cursor paging through every SDK transport (local, HTTP gateway, gateway → Runtime API)."""

from __future__ import annotations

import pytest

from symphainy.errors import InvalidCursor
from symphainy.sdk import ExperienceSDK


@pytest.mark.parametrize("cursor", ["not base64!", "WyJ4IiwxLjAsImEiXQ", "", "A" * 600])
async def test_a_malformed_cursor_is_invalid_cursor(sdk: ExperienceSDK, cursor: str) -> None:
    for listing in (sdk.list_executions, sdk.list_artifacts, sdk.list_pending):
        with pytest.raises(InvalidCursor) as caught:
            await listing(cursor=cursor)
        assert caught.value.status == 422
        assert caught.value.extra.get("field") == "cursor"


async def test_pending_intents_page_by_cursor_exactly_once(sdk: ExperienceSDK) -> None:
    made = {(await sdk.create_pending("echo")).intent_id for _ in range(5)}
    seen: list[str] = []
    cursor = None
    while True:
        page = await sdk.list_pending(limit=2, cursor=cursor)
        seen += [i.intent_id for i in page.intents]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == made
