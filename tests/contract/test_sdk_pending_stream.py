"""`watch_pending`: a tenant's pending intents live, for every console of the tenant.

The watcher is not the caller that makes or decides the requests: it hears of them only
through the stream (in process, and over a real socket, since the ASGI test transport
buffers a whole response and a snapshot stream never ends). Both engines.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.contracts import PendingIntentPage
from symphainy.sdk import ExperienceSDK, HttpSDK
from tests.integration.gateway.platform import PASSWORD, Platform, platform
from tests.integration.runtime_api.harness import serve

OWNER = "owner@example.com"


async def next_page(stream: AsyncIterator[PendingIntentPage]) -> PendingIntentPage:
    """The stream's next snapshot (a stream that stays silent fails the test)."""
    async with asyncio.timeout(30):
        return await anext(stream)


@pytest.fixture(params=["local", "http"])
async def watcher(request: Any, plat: Platform) -> AsyncIterator[ExperienceSDK]:
    """A second client of the owner's tenant: in process, or HttpSDK over a real socket."""
    owner = plat.http()
    await owner.register(OWNER, PASSWORD, "Owner")
    await owner.aclose()
    if request.param == "local":
        yield await plat.local(OWNER, PASSWORD)
        return
    async with serve(plat.app) as url, HttpSDK(url) as sdk:
        await sdk.login(OWNER, PASSWORD)
        yield sdk


async def signed_in(plat: Platform, email: str) -> HttpSDK:
    sdk = plat.http()
    await sdk.login(email, PASSWORD)
    return sdk


async def test_a_watcher_sees_a_request_arrive_and_its_decision_remove_it(
    plat: Platform, watcher: ExperienceSDK
) -> None:
    actor = await signed_in(plat, OWNER)  # another client of the same tenant
    stream = watcher.watch_pending(intent_type="approval")
    try:
        assert (await next_page(stream)).intents == []  # the state at once
        sub = await actor.trigger_journey("approved", {}, await actor.create_session())
        asked = await next_page(stream)
        [request] = asked.intents
        assert (request.status, asked.total) == ("pending", 1)
        assert request.context["parent_execution_id"] == sub.execution_id
        await actor.decide_pending(request.intent_id, "approve")
        assert (await next_page(stream)).intents == []
        assert (await actor.wait(sub.execution_id, timeout=30)).status == "completed"
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
        await actor.aclose()


async def test_another_tenants_requests_never_reach_a_watcher(
    plat: Platform, watcher: ExperienceSDK
) -> None:
    actor = await signed_in(plat, OWNER)
    stranger = plat.http()
    await stranger.register("stranger@example.com", PASSWORD, "Stranger")
    theirs = (await plat.local("stranger@example.com", PASSWORD)).watch_pending()
    mine = watcher.watch_pending()
    try:
        assert (await next_page(mine)).intents == []
        assert (await next_page(theirs)).intents == []
        foreign = await stranger.create_pending("add_one", context={"secret": "theirs"})
        assert [i.intent_id for i in (await next_page(theirs)).intents] == [foreign.intent_id]
        # The stranger's commit is done; the owner's own request is the next thing the
        # watcher can hear of, and its snapshot is a full read: a leak would be in it.
        own = await actor.create_pending("add_one")
        page = await next_page(mine)
        assert [i.intent_id for i in page.intents] == [own.intent_id]
        assert page.total == 1
    finally:
        await mine.aclose()  # type: ignore[attr-defined]
        await theirs.aclose()  # type: ignore[attr-defined]
        await stranger.aclose()
        await actor.aclose()


async def test_a_watcher_follows_claims_and_completions(
    plat: Platform, watcher: ExperienceSDK
) -> None:
    actor = await signed_in(plat, OWNER)
    claimed = watcher.watch_pending(status="claimed")
    try:
        assert (await next_page(claimed)).intents == []
        made = await actor.create_pending("add_one")
        tenant = (await plat.local(OWNER, PASSWORD)).principal.tenant_id
        await plat.runtime.pending.move(tenant, made.intent_id, "claimed")
        [got] = (await next_page(claimed)).intents
        assert (got.intent_id, got.status) == (made.intent_id, "claimed")
        await plat.runtime.pending.move(tenant, made.intent_id, "completed")
        assert (await next_page(claimed)).intents == []
    finally:
        await claimed.aclose()  # type: ignore[attr-defined]
        await actor.aclose()


async def test_a_snapshot_is_bounded_by_the_setting(tmp_path: Path, database_url: str) -> None:
    async with platform(database_url, tmp_path, pending_stream_limit=2) as small:
        owner = small.http()
        await owner.register(OWNER, PASSWORD, "Owner")
        made = [await owner.create_pending("add_one") for _ in range(3)]
        local = await small.local(OWNER, PASSWORD)
        stream = local.watch_pending()
        try:
            page = await next_page(stream)
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
            await owner.aclose()
        assert (page.total, page.limit, len(page.intents)) == (3, 2, 2)
        assert {i.intent_id for i in page.intents} < {m.intent_id for m in made}
