"""Platform-wide gauges for /metrics, read from the store at scrape time."""

from __future__ import annotations

import time
from collections.abc import Mapping

from symphainy.observability import Family, histogram_samples
from symphainy.store import CommitStats, StatsQueries, Store

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
        *commit_families(store.engine, store.commit_stats()),
    ]


def commit_families(engine: str, stats: CommitStats) -> list[Family]:
    """This process's group commits: how many, how long, and how many operations each."""
    base = {"engine": engine}
    counts: list[tuple[Mapping[str, str], float]] = [
        ({**base, "outcome": "committed"}, stats.committed),
        ({**base, "outcome": "failed"}, stats.failed),
    ]
    families = [Family("symphainy_store_commits", "counter", "Group commits by outcome.", counts)]
    for name, text, histogram in (
        (
            "symphainy_store_transaction_duration_seconds",
            "A committed group's transaction, from BEGIN to the end of COMMIT.",
            stats.transaction_seconds,
        ),
        (
            "symphainy_store_commit_duration_seconds",
            "The COMMIT statement of a group: the durable write.",
            stats.commit_seconds,
        ),
        ("symphainy_store_commit_operations", "Operations per group commit.", stats.operations),
    ):
        families.append(Family(name, "histogram", text, histogram_samples(name, base, histogram)))
    return families


def _gauge(name: str, text: str, label: str, values: dict[str, int]) -> Family:
    return Family(name, "gauge", text, [({label: k}, v) for k, v in values.items()])
