"""Histogram: observations counted under fixed upper bounds, the shape Prometheus exposes.

Dependency-free so that both the store (its group commits) and the services (their HTTP
requests) count the same way; `symphainy.observability` renders them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

INF = "+Inf"


@dataclass(slots=True)
class Histogram:
    """Counts by upper bound (an observation lands in the first bound not below it)."""

    bounds: tuple[float, ...]
    counts: list[int] = field(default_factory=list)
    """Per bound, not cumulative; observations above the last bound are only in `count`."""
    count: int = 0
    total: float = 0.0

    def __post_init__(self) -> None:
        if list(self.bounds) != sorted(set(self.bounds)) or not self.bounds:
            raise ValueError("histogram bounds must be increasing and not empty")
        if not self.counts:
            self.counts = [0] * len(self.bounds)

    def observe(self, value: float) -> None:
        """Count one observation."""
        index = bisect.bisect_left(self.bounds, value)
        if index < len(self.bounds):
            self.counts[index] += 1
        self.count += 1
        self.total += value

    def copy(self) -> Histogram:
        """An independent copy (a snapshot another thread may read)."""
        return Histogram(self.bounds, list(self.counts), self.count, self.total)

    def cumulative(self) -> list[tuple[str, int]]:
        """(`le` label, observations at or below it) for each bound, then `+Inf`."""
        running, out = 0, []
        for bound, n in zip(self.bounds, self.counts, strict=True):
            running += n
            out.append((repr(bound), running))
        out.append((INF, self.count))
        return out

    @property
    def mean(self) -> float | None:
        """The mean observation (None before the first)."""
        return self.total / self.count if self.count else None
