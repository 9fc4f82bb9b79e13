"""RedisLink: where TrafficCop's state is shared across nodes, and its fall-back to this process.

Rate-limit buckets and sign-in failure counts live in Redis when `redis_url` is set, so every
node sees one budget. If Redis becomes unreachable each operation falls back to the process's
own state (limits keep working per process) until Redis answers again.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from symphainy.errors import MissingDependency

R = TypeVar("R")
log = logging.getLogger(__name__)


class RedisLink:
    """One Redis connection pool for TrafficCop, with the fall-back switch."""

    def __init__(self, url: str) -> None:
        try:
            redis_asyncio: Any = importlib.import_module("redis.asyncio")
        except ImportError as exc:
            raise MissingDependency(
                "pip install 'symphainy[redis]' (or: pip install redis)"
            ) from exc
        self.client: Any = redis_asyncio.Redis.from_url(url)
        self._errors: tuple[type[BaseException], ...] = (
            importlib.import_module("redis").RedisError,
            OSError,
        )
        self._down = False

    async def run(self, remote: Callable[[], Awaitable[R]], local: Callable[[], Awaitable[R]]) -> R:
        """`remote()` through Redis; `local()` on this process's state if Redis fails."""
        try:
            result = await remote()
        except self._errors as exc:
            if not self._down:
                log.warning("rate limits fall back to this process: Redis failed (%s)", exc)
            self._down = True
            return await local()
        if self._down:
            log.warning("rate limits are shared through Redis again")
            self._down = False
        return result

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()


__all__ = ["RedisLink"]
