"""Pending intents: deferred work targeting an artifact, resumed later (possibly by a person)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from symphainy.contracts import PendingIntentPage, PendingIntentView
from symphainy.errors import PendingIntentNotFound, SessionNotFound
from symphainy.runtime._events import EventHub, wait_event
from symphainy.runtime._paging import Key, page
from symphainy.runtime._registry import IntentRegistry
from symphainy.runtime._views import pending_view
from symphainy.store import PendingRow, Store, dumps


class PendingIntents:
    """Create, list, claim, complete and cancel pending intents; every call names its tenant."""

    def __init__(self, store: Store, registry: IntentRegistry, hub: EventHub) -> None:
        self._store = store
        self._registry = registry
        self._hub = hub

    async def create(
        self,
        tenant_id: str,
        intent_type: str,
        *,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session_id: str | None = None,
        user_id: str | None = None,
    ) -> PendingIntentView:
        """Defer an intent of a registered type, in one of this tenant's sessions if any.

        The one place a client's request is checked: LocalSDK (`symphainy up`) and the Runtime
        API (the split deployment) both come here, so both refuse the same requests alike.
        """
        self._registry.get(intent_type)
        return await self.record(
            tenant_id,
            intent_type,
            target_artifact_id=target_artifact_id,
            context=context,
            session_id=session_id,
            user_id=user_id,
        )

    async def record(
        self,
        tenant_id: str,
        intent_type: str,
        *,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session_id: str | None = None,
        user_id: str | None = None,
        intent_id: str | None = None,
    ) -> PendingIntentView:
        """Record a deferred intent (handlers: platform kinds such as approvals need no intent).

        The session, when named, must be one of this tenant's (SessionNotFound otherwise).
        """
        if session_id is not None and await self._store.get_session(tenant_id, session_id) is None:
            raise SessionNotFound(f"session {session_id} not found")
        now = time.time()
        row = PendingRow(
            intent_id or uuid.uuid4().hex,
            tenant_id,
            intent_type,
            target_artifact_id,
            dumps(context or {}),
            "pending",
            session_id,
            user_id,
            None,
            now,
            now,
        )
        stored = await self._store.write(lambda tx: self._store.records.create_pending(tx, row))
        return pending_view(stored)

    async def get(self, tenant_id: str, intent_id: str) -> PendingIntentView:
        """One pending intent."""
        row = await self._store.get_pending(tenant_id, intent_id)
        if row is None:
            raise PendingIntentNotFound(f"pending intent {intent_id} not found")
        return pending_view(row)

    async def list(
        self,
        tenant_id: str,
        *,
        target_artifact_id: str | None = None,
        intent_type: str | None = None,
        status: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> PendingIntentPage:
        """Pending intents matching the filters, newest first, after `cursor`."""

        async def fetch(after: Key | None, n: int) -> tuple[list[PendingRow], int]:
            return await self._store.list_pending(
                tenant_id,
                target_artifact_id=target_artifact_id,
                intent_type=intent_type,
                status=status,
                limit=n,
                after=after,
            )

        got = await page("pending", fetch, lambda r: r.intent_id, limit=limit, cursor=cursor)
        return PendingIntentPage(
            intents=[pending_view(r) for r in got.rows],
            total=got.total,
            limit=limit,
            next_cursor=got.next_cursor,
        )

    async def watch(
        self, tenant_id: str, *, intent_type: str | None, status: str, limit: int, poll: float
    ) -> AsyncIterator[PendingIntentPage]:
        """The tenant's pending intents matching the filter: now, then after every change.

        Each snapshot is the first page (`limit` intents, newest first, and their `total`). It
        is re-read when a commit here, or another process's NOTIFY, says the tenant's pending
        intents changed, and sent when it differs from the last one sent. It is re-read every
        `poll` seconds too: another process on SQLite announces nothing.
        """
        last: PendingIntentPage | None = None
        with self._hub.watch_pending(tenant_id) as changed:
            while True:
                changed.clear()  # before the read: a change committed during it reads again
                snapshot = await self.list(
                    tenant_id, intent_type=intent_type, status=status, limit=limit
                )
                if snapshot != last:
                    last = snapshot
                    yield snapshot
                await wait_event(changed, poll)

    async def decide(
        self,
        tenant_id: str,
        intent_id: str,
        *,
        approve: bool,
        decided_by: str | None,
        comment: str | None = None,
    ) -> PendingIntentView:
        """Answer an approval request; the execution waiting on it resumes (one transaction)."""
        row = await self._store.decide_approval(
            tenant_id, intent_id, approve=approve, decided_by=decided_by, comment=comment
        )
        return pending_view(row)

    async def move(
        self, tenant_id: str, intent_id: str, to_status: str, execution_id: str | None = None
    ) -> PendingIntentView:
        """Claim / complete / cancel / release (transitions enforced)."""
        row = await self._store.write(
            lambda tx: self._store.records.move_pending(
                tx, tenant_id, intent_id, to_status, execution_id
            )
        )
        return pending_view(row)


class BoundPending:
    """Pending intents as a handler sees them: its tenant, session and user filled in."""

    def __init__(
        self, pending: PendingIntents, tenant_id: str, session_id: str | None, user_id: str | None
    ) -> None:
        self._p, self._t, self._s, self._u = pending, tenant_id, session_id, user_id

    async def create(
        self,
        intent_type: str,
        *,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        intent_id: str | None = None,
    ) -> PendingIntentView:
        """Defer an intent on an artifact for later (`intent_id` to make it idempotent)."""
        return await self._p.record(
            self._t,
            intent_type,
            target_artifact_id=target_artifact_id,
            context=context,
            session_id=self._s,
            user_id=self._u,
            intent_id=intent_id,
        )

    async def list(self, **filters: Any) -> PendingIntentPage:
        """Pending intents of this tenant."""
        return await self._p.list(self._t, **filters)

    async def get(self, intent_id: str) -> PendingIntentView:
        """One pending intent."""
        return await self._p.get(self._t, intent_id)

    async def move(
        self, intent_id: str, to_status: str, execution_id: str | None = None
    ) -> PendingIntentView:
        """Claim / complete / cancel / release."""
        return await self._p.move(self._t, intent_id, to_status, execution_id)
