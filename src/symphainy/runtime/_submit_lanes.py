"""Submit lanes: how many of one tenant's submissions may wait on the store writer at once.

Every write of a process goes through one group committer, first come first served. Without
lanes, a tenant submitting 20,000 intents at once puts 20,000 writes ahead of another tenant's
single submit, which then waits for all of them to commit (seconds) even though the queue
would start it next. With lanes, a tenant has at most `submit_lane_depth` submissions in the
writer at a time; the rest wait their turn in the tenant's own lane (FIFO), so another
tenant's submit waits behind at most that many of anyone's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class SubmitLanes:
    """One FIFO lane per tenant, each at most `depth` submissions deep in the writer."""

    def __init__(self, depth: int) -> None:
        self._depth = depth
        self._lanes: dict[str, asyncio.Semaphore] = {}
        self._users: dict[str, int] = {}

    async def run(self, tenant_id: str, write: Callable[[], Awaitable[T]]) -> T:
        """Run `write` (one submission's store write) in `tenant_id`'s lane."""
        lane = self._lanes.get(tenant_id)
        if lane is None:
            lane = self._lanes[tenant_id] = asyncio.Semaphore(self._depth)
        self._users[tenant_id] = self._users.get(tenant_id, 0) + 1
        try:
            async with lane:
                return await write()
        finally:
            # An idle tenant's lane is dropped: the map holds only tenants submitting now.
            self._users[tenant_id] -= 1
            if not self._users[tenant_id]:
                del self._users[tenant_id], self._lanes[tenant_id]
