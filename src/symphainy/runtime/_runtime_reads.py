"""The Runtime's reads of executions (see `_runtime.Runtime`): one, a page, its events, its end.

`wait` and `follow` listen to the event hub and re-read the store on every poll timeout, so a
commit made by another process (one this process hears nothing from) is seen all the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from symphainy.config import Settings
from symphainy.contracts import (
    TERMINAL,
    ArtifactView,
    ExecutionEvent,
    ExecutionPage,
    ExecutionView,
)
from symphainy.errors import ExecutionNotFound
from symphainy.runtime._artifacts import ArtifactRegistry
from symphainy.runtime._events import wait_event
from symphainy.runtime._paging import execution_page
from symphainy.runtime._services import Services
from symphainy.runtime._views import event_view, execution_view
from symphainy.runtime._worker import Worker
from symphainy.store import ExecutionRow


class ExecutionReads:
    """Reading executions and waiting on them (mixed into `Runtime`)."""

    settings: Settings
    services: Services
    worker: Worker | None

    if TYPE_CHECKING:  # Runtime's own

        @property
        def artifacts(self) -> ArtifactRegistry: ...

    async def get_execution(
        self, tenant_id: str, execution_id: str, include_artifacts: bool = False
    ) -> ExecutionView:
        """An execution of this tenant (optionally with the artifacts it produced)."""
        row = await self._row(tenant_id, execution_id)
        arts = None
        if include_artifacts:
            arts = await self._produced_by(tenant_id, execution_id)
        return execution_view(row, arts)

    async def _produced_by(self, tenant_id: str, execution_id: str) -> list[ArtifactView]:
        # Every artifact, page by page: one page once capped the list silently at 1,000.
        arts: list[ArtifactView] = []
        cursor = None
        while True:
            page = await self.artifacts.list(
                tenant_id, execution_id=execution_id, limit=1000, cursor=cursor
            )
            arts += page.artifacts
            if (cursor := page.next_cursor) is None:
                return arts

    async def list_executions(
        self, tenant_id: str, *, limit: int = 100, cursor: str | None = None, **filters: Any
    ) -> ExecutionPage:
        """A page of this tenant's executions, newest first, after `cursor`.

        Filters: `status`, `intent_type`, `session_id`, `parent_execution_id`, `schedule_id`,
        `retry_of`, and those of `runtime._search.execution_filters` (times as epoch seconds).
        """
        return await execution_page(self.services.store, tenant_id, limit, cursor, filters)

    async def _row(self, tenant_id: str, execution_id: str) -> ExecutionRow:
        row = await self.services.store.get_execution(tenant_id, execution_id)
        if row is None:
            raise ExecutionNotFound(f"execution {execution_id} not found")
        return row

    async def wait(
        self, tenant_id: str, execution_id: str, timeout: float | None = None
    ) -> ExecutionView:
        """Wait until the execution is terminal; return its final view."""
        hub, poll = self.services.hub, self.settings.poll_seconds
        row = self._final(tenant_id, execution_id)
        if row is not None:
            return execution_view(row)
        async with asyncio.timeout(timeout):
            with hub.await_terminal(execution_id) as done:
                row = await self._first_look(tenant_id, execution_id)
                while row is None or row.status not in TERMINAL:
                    done.clear()
                    # On a timeout, re-read: another process on SQLite may have finished it.
                    await wait_event(done, poll)
                    row = self._final(tenant_id, execution_id) or await self._row(
                        tenant_id, execution_id
                    )
        return execution_view(row)

    async def _first_look(self, tenant_id: str, execution_id: str) -> ExecutionRow | None:
        # Running here: this worker will announce the terminal row, no need to read it now.
        worker = self.worker
        if worker is not None and worker.owns(execution_id, tenant_id):
            return None
        return await self._row(tenant_id, execution_id)

    def _final(self, tenant_id: str, execution_id: str) -> ExecutionRow | None:
        row = self.services.hub.final(execution_id)
        return row if row is not None and row.tenant_id == tenant_id else None

    async def events(
        self, tenant_id: str, execution_id: str, after: int = 0, limit: int = 1000
    ) -> list[ExecutionEvent]:
        """An execution's events after sequence number `after`."""
        await self._row(tenant_id, execution_id)
        rows = await self.services.store.events(tenant_id, execution_id, after, limit)
        return [event_view(r) for r in rows]

    async def follow(
        self, tenant_id: str, execution_id: str, after: int = 0
    ) -> AsyncIterator[ExecutionEvent]:
        """Every event after `after`, live, ending with the terminal event."""
        await self._row(tenant_id, execution_id)
        hub, store, poll = self.services.hub, self.services.store, self.settings.poll_seconds
        with hub.follow(execution_id) as changed:
            while True:
                changed.clear()
                for row in await store.events(tenant_id, execution_id, after):
                    after = row.exec_seq or after
                    yield event_view(row)
                    if row.kind in _TERMINAL_KINDS:
                        return
                # On a timeout, re-read: a commit from a process we hear nothing from.
                await wait_event(changed, poll)


_TERMINAL_KINDS = frozenset(f"execution.{status}" for status in TERMINAL)
