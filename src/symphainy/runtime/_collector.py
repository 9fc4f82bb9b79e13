"""The cyclic garbage collector's young-generation threshold, set while a runtime runs.

Every intent allocates a few hundred container objects (futures, tasks, rows, models) that
live until it finishes. With the interpreter's default (a young collection every 700 net
allocations), a burst of intents in flight survives young collections, is promoted, and sets
off full collections that walk the whole heap: measured on the in-process benchmark, 160 us of
each intent's ~680 us of CPU went to the collector. With 10,000 most of those objects are
gone before a collection looks at them (38 us per intent, throughput +15-30%).

The threshold is process-wide, so runtimes in one process share it: the first to start sets
it, and the previous value comes back when the last one stops.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_holders = 0
_previous: tuple[int, int, int] | None = None


def hold(young_threshold: int) -> bool:
    """Set the young-generation threshold (0: leave the interpreter's); True if held."""
    global _holders, _previous
    if young_threshold == 0:
        return False
    with _lock:
        if _holders == 0:
            _previous = gc.get_threshold()
            gc.set_threshold(young_threshold, _previous[1], _previous[2])
        _holders += 1
    return True


def release() -> None:
    """Undo one `hold`; the last one restores the thresholds found before the first."""
    global _holders, _previous
    with _lock:
        _holders -= 1
        if _holders == 0 and _previous is not None:
            gc.set_threshold(*_previous)
            _previous = None
