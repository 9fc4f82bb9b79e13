"""PostgreSQL LISTEN/NOTIFY: wakes this process when another one commits work or events."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

from symphainy.store._dialect import Dialect

log = logging.getLogger(__name__)
WORK_CHANNEL = "symphainy_work"
EVENT_CHANNEL = "symphainy_events"
# NOTIFY payloads are limited to 8000 bytes; execution ids are 32 chars.
_IDS_PER_NOTIFY = 200
# How often the listener thread checks for stop(): bounds how long closing a store takes.
_POLL = 0.1


def notify_statement(
    new_work: bool, touched: set[str], finished: set[str]
) -> tuple[str, dict[str, Any]] | None:
    """One `SELECT pg_notify(...), …` announcing a commit to other processes ("!" = terminal)."""
    calls: list[str] = []
    params: dict[str, Any] = {"w": WORK_CHANNEL, "e": EVENT_CHANNEL}
    if new_work:
        calls.append("pg_notify(:w, '')")
    ids = sorted(("!" + i if i in finished else i) for i in touched | finished)
    for n, i in enumerate(range(0, len(ids), _IDS_PER_NOTIFY)):
        params[f"p{n}"] = ",".join(ids[i : i + _IDS_PER_NOTIFY])
        calls.append(f"pg_notify(:e, :p{n})")
    return ("SELECT " + ", ".join(calls), params) if calls else None


class Listener:
    """A thread blocked on LISTEN that forwards notifications into the event loop."""

    def __init__(
        self,
        dialect: Dialect,
        loop: asyncio.AbstractEventLoop,
        on_work: Callable[[], None],
        on_events: Callable[[set[str], set[str]], None],
        on_resync: Callable[[], None],
        own_pid: Callable[[], int | None],
    ) -> None:
        self._dialect = dialect
        self._loop = loop
        self._on_work = on_work
        self._on_events = on_events
        self._on_resync = on_resync
        self._own_pid = own_pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="symphainy-listen", daemon=True)
        self._conn: Any = None

    def start(self) -> None:
        """Subscribe and start forwarding."""
        self._conn = self._dialect.connect(autocommit=True)
        self._conn.execute(f"LISTEN {WORK_CHANNEL}")
        self._conn.execute(f"LISTEN {EVENT_CHANNEL}")
        self._thread.start()

    def stop(self) -> None:
        """Stop forwarding and close the connection."""
        self._stop.set()
        self._thread.join()
        self._conn.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                for note in self._conn.notifies(timeout=_POLL, stop_after=64):
                    # Our own writer's commits were already announced in process.
                    if note.pid != self._own_pid():
                        self._dispatch(note.channel, note.payload)
            except Exception:
                if self._stop.is_set():
                    return
                log.exception("LISTEN connection failed; reconnecting")
                self._reconnect()

    def _reconnect(self) -> None:
        # Keep trying (once a second) until the server is back or we are stopped: a listener
        # that gave up would leave this process hearing of other processes' work only by polling.
        self._conn.close()  # the broken one
        while not self._stop.wait(1.0):
            try:
                conn = self._dialect.connect(autocommit=True)
                conn.execute(f"LISTEN {WORK_CHANNEL}")
                conn.execute(f"LISTEN {EVENT_CHANNEL}")
            except Exception:
                log.exception("LISTEN reconnect failed; retrying")
                continue
            self._conn = conn
            # Anything sent while we were away: wake everyone so they re-read the store.
            self._loop.call_soon_threadsafe(self._on_work)
            self._loop.call_soon_threadsafe(self._on_resync)
            return

    def _dispatch(self, channel: str, payload: str) -> None:
        if channel == WORK_CHANNEL:
            self._loop.call_soon_threadsafe(self._on_work)
        elif payload:
            marked = payload.split(",")
            touched = {i.lstrip("!") for i in marked}
            finished = {i[1:] for i in marked if i.startswith("!")}
            self._loop.call_soon_threadsafe(self._on_events, touched, finished)
