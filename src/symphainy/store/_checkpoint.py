"""SQLite WAL checkpoints on their own thread, so no commit pays for copying pages back."""

from __future__ import annotations

import logging
import sqlite3
import threading

from symphainy.store._dialect import Dialect

log = logging.getLogger(__name__)
INTERVAL = 1.0


class Checkpointer:
    """Runs `PRAGMA wal_checkpoint(PASSIVE)` every second (writers never wait for it)."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="symphainy-ckpt", daemon=True)

    def start(self) -> None:
        """Start checkpointing."""
        self._thread.start()

    def stop(self) -> None:
        """Stop, after one last full checkpoint."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        conn = self._dialect.connect()
        try:
            while not self._stop.wait(INTERVAL):
                self._checkpoint(conn, "PASSIVE")
            self._checkpoint(conn, "TRUNCATE")
        finally:
            conn.close()

    @staticmethod
    def _checkpoint(conn: sqlite3.Connection, mode: str) -> None:
        try:
            conn.execute(f"PRAGMA wal_checkpoint({mode})")
        except sqlite3.OperationalError as exc:
            # Busy is normal under load; the next tick retries.
            log.debug("checkpoint %s skipped: %s", mode, exc)
