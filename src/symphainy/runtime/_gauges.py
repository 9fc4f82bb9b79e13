"""Platform-wide gauges for /metrics, read from the store at scrape time."""

from __future__ import annotations

import time

from symphainy.observability import Family
from symphainy.store import StatsQueries, Store

STATES = ("created", "scheduled", "running", "waiting", "completed", "failed", "cancelled")


async def platform_gauges(store: Store, lease_seconds: float) -> list[Family]:
    """Platform-wide gauges for /metrics: executions by state, queue depth, live workers.

    They carry no tenant label: a scrape reveals volumes, never whose they are.
    """
    stats = StatsQueries(store.reader)
    by_state = await stats.executions_by_status(None)
    queue = await stats.queue(None)
    live = await store.live_workers(lease_seconds)
    depth = {
        "runnable": queue.runnable,
        "delayed": queue.delayed,
        "waiting": queue.waiting,
        "running": queue.running,
        "expired_lease": queue.expired_leases,
    }
    oldest = 0.0 if queue.oldest_created_at is None else time.time() - queue.oldest_created_at
    return [
        _gauge(
            "symphainy_executions",
            "Executions by state.",
            "state",
            {s: by_state.get(s, 0) for s in STATES},
        ),
        _gauge("symphainy_queue_depth", "Unfinished executions by kind.", "kind", depth),
        Family(
            "symphainy_queue_oldest_age_seconds",
            "gauge",
            "Age of the oldest created or waiting execution (0 when none).",
            [({}, round(oldest, 3))],
        ),
        Family("symphainy_live_workers", "gauge", "Workers with a fresh heartbeat.", [({}, live)]),
    ]


def _gauge(name: str, text: str, label: str, values: dict[str, int]) -> Family:
    return Family(name, "gauge", text, [({label: k}, v) for k, v in values.items()])
