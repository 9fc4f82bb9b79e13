"""Coalesced point reads: the lookups of single executions made in one loop turn share a query.

A burst of callers waiting on their results (thousands of `Runtime.wait` first looks, each a
read of one row) would otherwise make one trip to a reader thread per row. The loader gathers
the ids asked for until the event loop next runs its callbacks, then reads them all with one
`IN` query per `MAX_BATCH` ids on one reader thread, and answers each caller with its own row.
Every key carries its tenant: a row of another tenant with the same id answers None.
"""

from __future__ import annotations

import asyncio

from symphainy.store._dialect import in_clause
from symphainy.store._reader import Reader
from symphainy.store._rows import ExecutionRow, build, columns

MAX_BATCH = 256
"""Ids per query (a bounded number of distinct statements, far below every engine's limit)."""
_COLS = columns(ExecutionRow)
Key = tuple[str, str]


class ExecutionLoader:
    """Reads executions by (tenant, id), many callers' lookups in one query."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._waiting: dict[Key, list[asyncio.Future[ExecutionRow | None]]] = {}
        self._reads: set[asyncio.Task[None]] = set()
        """Reads in flight (the callers hold their outcomes; this only keeps them referenced)."""

    async def get(self, tenant_id: str, execution_id: str) -> ExecutionRow | None:
        """The tenant's execution, or None."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ExecutionRow | None] = loop.create_future()
        if not self._waiting:
            loop.call_soon(self._flush)
        self._waiting.setdefault((tenant_id, execution_id), []).append(future)
        return await future

    def _flush(self) -> None:
        waiting, self._waiting = self._waiting, {}
        keys = list(waiting)
        for start in range(0, len(keys), MAX_BATCH):
            chunk = {k: waiting[k] for k in keys[start : start + MAX_BATCH]}
            task = asyncio.ensure_future(self._read(chunk))
            self._reads.add(task)
            task.add_done_callback(self._reads.discard)

    async def _read(self, chunk: dict[Key, list[asyncio.Future[ExecutionRow | None]]]) -> None:
        clause, params = in_clause("e", sorted({execution_id for _, execution_id in chunk}))
        try:
            raw = await self._reader.rows(
                f"SELECT {_COLS} FROM executions WHERE execution_id IN {clause}", params
            )
        except Exception as exc:  # every caller of the chunk gets the read's error
            for futures in chunk.values():
                _settle(futures, exc)
            return
        rows = {(r.tenant_id, r.execution_id): r for r in (build(ExecutionRow, x) for x in raw)}
        for key, futures in chunk.items():
            _settle(futures, rows.get(key))


def _settle(
    futures: list[asyncio.Future[ExecutionRow | None]], outcome: ExecutionRow | Exception | None
) -> None:
    for future in futures:
        if future.done():  # its caller was cancelled
            continue
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
