"""The platform's own threads (all named `symphainy-…`), to check that none is left behind."""

from __future__ import annotations

import threading


def store_threads() -> set[threading.Thread]:
    """The live threads the platform started (store writer, listener, checkpointer)."""
    return {t for t in threading.enumerate() if t.name.startswith("symphainy-") and t.is_alive()}
