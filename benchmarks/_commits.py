"""Where a run's wall time went on durable writes, from the writer's own account.

`Store.commit_stats` before and after a run: how many group commits each intent cost, how
long one took (the whole transaction, and its COMMIT statement alone, the durable write), and
what share of the run's wall time the COMMIT statements took. Sequentially, commits per intent
times the mean COMMIT is the floor under the p50 that no change above the store can remove.
"""

from __future__ import annotations

from symphainy.store import CommitStats


def commit_figures(
    before: CommitStats, after: CommitStats, n: int, wall_s: float
) -> dict[str, float]:
    """The commits of a run of `n` intents that took `wall_s` seconds."""
    groups = after.committed - before.committed
    if groups <= 0:
        raise ValueError("the run committed nothing: was the store's writer used?")
    flushed = after.commit_seconds.total - before.commit_seconds.total
    held = after.transaction_seconds.total - before.transaction_seconds.total
    return {
        "commits_per_intent": round(groups / n, 3),
        "commit_mean_ms": round(flushed / groups * 1000, 3),
        "transaction_mean_ms": round(held / groups * 1000, 3),
        "commit_share_of_wall": round(flushed / wall_s, 2),
    }
