"""Reads on a small thread pool, one connection per thread (readers never block the writer)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from symphainy.store._dialect import Dialect, Params, Row

T = TypeVar("T")


class Reader:
    """Runs read functions against per-thread connections."""

    def __init__(self, dialect: Dialect, threads: int = 4) -> None:
        self._dialect = dialect
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="symphainy-read")
        self._local = threading.local()
        self._conns: list[Any] = []
        self._lock = threading.Lock()

    @property
    def dialect(self) -> Dialect:
        """The engine these reads run on (for the few clauses that differ by engine)."""
        return self._dialect

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._dialect.connect(autocommit=True)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    async def run(self, fn: Callable[[Callable[[str, Params | None], list[Row]]], T]) -> T:
        """Run `fn(query)` on a reader thread; `query(sql, params)` returns rows."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._call, fn)

    def _call(self, fn: Callable[[Callable[[str, Params | None], list[Row]]], T]) -> T:
        conn = self._conn()

        def query(sql: str, params: Params | None = None) -> list[Row]:
            return self._dialect.execute(conn, sql, params)

        return fn(query)

    async def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        """Run one query and return its rows."""
        return await self.run(lambda q: q(sql, params))

    def close(self) -> None:
        """Stop the pool and close every connection."""
        self._pool.shutdown(wait=True)
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
