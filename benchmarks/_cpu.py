"""Process CPU time: what a run cost this interpreter, beside what it took on the clock.

The in-process runtime's ceiling on a burst is its CPU per intent, not the disk, once the
event loop and the writer thread keep one core busy between them (one interpreter, one GIL):
`cpu_share_of_wall` near 1.0 says so, and 1e6 / `cpu_per_intent_us` is then the rate.
"""

from __future__ import annotations

import os


def process_cpu_s() -> float:
    """User + system seconds of this process so far (every thread)."""
    times = os.times()
    return times.user + times.system


def cpu_figures(cpu_s: float, wall_s: float, n: int) -> dict[str, float]:
    """CPU microseconds per intent and CPU seconds per wall second of a run of `n` intents."""
    return {
        "cpu_per_intent_us": round(cpu_s / n * 1e6, 1),
        "cpu_share_of_wall": round(cpu_s / wall_s, 2),
    }
