"""How this process's group commits went: how many, how long, how large (for /metrics)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from symphainy.histogram import Histogram

COMMIT_SECONDS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.25, 1.0)
"""Bounds in seconds, for both the whole group transaction and its COMMIT statement. Finer
below 1 ms than the HTTP buckets: a local SQLite commit takes 0.1-1 ms."""
BATCH_OPERATIONS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096)
"""Bounds of a group's size in operations (the writer takes at most 4,096 at a time)."""


@dataclass(frozen=True, slots=True)
class CommitStats:
    """A snapshot of the writer's group commits since the store opened."""

    failed: int
    """Groups whose transaction failed (each of their operations is then retried alone)."""
    transaction_seconds: Histogram
    """Each committed group from its BEGIN to the end of its COMMIT (its operations' work,
    its statements and the durable write)."""
    commit_seconds: Histogram
    """The COMMIT statement alone: the durable write (an fsync of SQLite's write-ahead log;
    on PostgreSQL, the server's WAL flush and the round trip)."""
    operations: Histogram
    """Operations per committed group."""

    @property
    def committed(self) -> int:
        """Groups committed."""
        return self.transaction_seconds.count


class CommitRecorder:
    """Counts group commits on the writer thread; `snapshot` may be read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failed = 0
        self._transaction = Histogram(COMMIT_SECONDS)
        self._commit = Histogram(COMMIT_SECONDS)
        self._operations = Histogram(BATCH_OPERATIONS)

    def committed(self, transaction_seconds: float, commit_seconds: float, operations: int) -> None:
        """One group committed."""
        with self._lock:
            self._transaction.observe(transaction_seconds)
            self._commit.observe(commit_seconds)
            self._operations.observe(operations)

    def failed(self) -> None:
        """One group's transaction failed and was rolled back."""
        with self._lock:
            self._failed += 1

    def snapshot(self) -> CommitStats:
        """The figures so far, consistent with one another."""
        with self._lock:
            return CommitStats(
                self._failed,
                self._transaction.copy(),
                self._commit.copy(),
                self._operations.copy(),
            )
