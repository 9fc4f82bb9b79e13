"""PostgreSQL LISTEN/NOTIFY: wakes this process when another one commits work or events."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from symphainy.store._dialect import Dialect

log = logging.getLogger(__name__)
WORK_CHANNEL = "symphainy_work"
EVENT_CHANNEL = "symphainy_events"
# NOTIFY payloads must be shorter than 8000 bytes: entries are packed into payloads below this.
_PAYLOAD_BYTES = 7900
# The event channel's payload is comma-separated entries: an execution id that changed, "!" + an
# id that became terminal, or "@" + a tenant (quoted, so a comma in it cannot split it) whose
# pending intents changed. A reader that predates "@" takes it for an execution id nobody
# follows, so old and new processes can share a database.
_FINISHED, _PENDING = "!", "@"
# How often the listener thread checks for stop(): bounds how long closing a store takes.
_POLL = 0.1


@dataclass(frozen=True, slots=True)
class Announcement:
    """What one event-channel payload says another process committed."""

    touched: set[str]
    finished: set[str]
    pending_tenants: set[str]


def notify_statement(
    new_work: bool, touched: set[str], finished: set[str], pending_tenants: set[str]
) -> tuple[str, dict[str, Any]] | None:
    """One `SELECT pg_notify(...), …` announcing a commit to other processes."""
    calls: list[str] = []
    params: dict[str, Any] = {"w": WORK_CHANNEL, "e": EVENT_CHANNEL}
    if new_work:
        calls.append("pg_notify(:w, '')")
    entries = sorted((_FINISHED + i if i in finished else i) for i in touched | finished)
    entries += sorted(_PENDING + quote(t, safe="") for t in pending_tenants)
    for n, payload in enumerate(_packed(entries)):
        params[f"p{n}"] = payload
        calls.append(f"pg_notify(:e, :p{n})")
    return ("SELECT " + ", ".join(calls), params) if calls else None


def _packed(entries: list[str]) -> Iterator[str]:
    """Comma-joined runs of `entries`, each payload under the NOTIFY limit."""
    run: list[str] = []
    size = 0
    for entry in entries:
        cost = len(entry.encode()) + 1
        if run and size + cost > _PAYLOAD_BYTES:
            yield ",".join(run)
            run, size = [], 0
        run.append(entry)
        size += cost
    if run:
        yield ",".join(run)


def parse_payload(payload: str) -> Announcement:
    """The entries of one event-channel payload (see `notify_statement`)."""
    marked = payload.split(",")
    tenants = {unquote(i[1:]) for i in marked if i.startswith(_PENDING)}
    ids = [i for i in marked if i and not i.startswith(_PENDING)]
    finished = {i[1:] for i in ids if i.startswith(_FINISHED)}
    return Announcement({i.lstrip(_FINISHED) for i in ids}, finished, tenants)


class Listener:
    """A thread blocked on LISTEN that forwards notifications into the event loop."""

    def __init__(
        self,
        dialect: Dialect,
        loop: asyncio.AbstractEventLoop,
        on_work: Callable[[], None],
        on_events: Callable[[set[str], set[str]], None],
        on_pending: Callable[[set[str]], None],
        on_resync: Callable[[], None],
        own_pid: Callable[[], int | None],
    ) -> None:
        self._dialect = dialect
        self._loop = loop
        self._on_work = on_work
        self._on_events = on_events
        self._on_pending = on_pending
        self._on_resync = on_resync
        self._own_pid = own_pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="symphainy-listen", daemon=True)
        self._conn: Any = None

    def start(self) -> None:
        """Subscribe and start forwarding."""
        self._conn = self._dialect.connect(autocommit=True)
        try:
            self._conn.execute(f"LISTEN {WORK_CHANNEL}")
            self._conn.execute(f"LISTEN {EVENT_CHANNEL}")
        except BaseException:
            self._conn.close()
            raise
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
        # The first failure of an outage is logged with its traceback, later ones in one line:
        # an outage of minutes must not fill the log with the same traceback every second.
        self._conn.close()  # the broken one
        attempts = 0
        while not self._stop.wait(1.0):
            try:
                conn = self._dialect.connect(autocommit=True)
                conn.execute(f"LISTEN {WORK_CHANNEL}")
                conn.execute(f"LISTEN {EVENT_CHANNEL}")
            except Exception as exc:
                attempts += 1
                if attempts == 1:
                    log.exception("LISTEN reconnect failed; retrying every second")
                else:
                    log.warning("LISTEN reconnect attempt %d failed: %s", attempts, exc)
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
            said = parse_payload(payload)
            if said.touched:
                self._loop.call_soon_threadsafe(self._on_events, said.touched, said.finished)
            if said.pending_tenants:
                self._loop.call_soon_threadsafe(self._on_pending, said.pending_tenants)
