"""The caller facade's pending-intent operations, with their checks (see `_facade.CallerFacade`).

Listing, watching and reading take any credential of the tenant; deferring an intent and
deciding an approval take a signed-in member. Every one acts on the caller's tenant only, and
a deferred intent lands in a session the caller may act in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Literal

from symphainy.contracts import (
    CreatePendingIntentRequest,
    DecidePendingRequest,
    ListPendingIntentsRequest,
    PendingIntentPage,
    PendingIntentView,
    PendingStatus,
    SessionView,
)
from symphainy.contracts._sdk import PendingStreamQuery
from symphainy.runtime._caller import (
    WRITER_ROLE,
    CallerRuntime,
    checked,
    checked_id,
    checked_query,
    decide_approval,
    session_id_of,
)
from symphainy.security._principal import Principal, require_role


class PendingIntentOperations:
    """Pending-intent operations for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    if TYPE_CHECKING:  # CallerFacade's own checks

        @property
        def _tenant(self) -> str: ...
        def _bound(self, session_id: str | None) -> str | None: ...
        def _fits(self, value: Any) -> None: ...

    async def list_pending(self, **filters: Any) -> PendingIntentPage:
        """Pending intents of the caller's tenant matching `filters`."""
        body = checked(ListPendingIntentsRequest, **filters)
        return await self._rt.pending.list(self._tenant, **body.model_dump())

    def watch_pending(
        self, intent_type: str | None = None, status: PendingStatus = "pending"
    ) -> AsyncIterator[PendingIntentPage]:
        """Snapshots of the caller's tenant's pending intents, live (see `PendingIntents.watch`).

        Not a generator itself: a bad query is refused here, before a stream starts.
        """
        query = checked_query(PendingStreamQuery, intent_type=intent_type, status=status)
        settings = self._rt.settings
        return self._rt.pending.watch(
            self._tenant,
            intent_type=query.intent_type,
            status=query.status,
            limit=settings.pending_stream_limit,
            poll=settings.poll_seconds,
        )

    async def get_pending(self, intent_id: str) -> PendingIntentView:
        """One pending intent of the caller's tenant."""
        checked_id("intent_id", intent_id)
        return await self._rt.pending.get(self._tenant, intent_id)

    async def create_pending(
        self,
        intent_type: str,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session: str | SessionView | None = None,
    ) -> PendingIntentView:
        """Defer an intent of a registered type (a member, in one of the caller's sessions)."""
        self._fits(context or {})
        require_role(self.principal, WRITER_ROLE)
        body = checked(
            CreatePendingIntentRequest,
            intent_type=intent_type,
            target_artifact_id=target_artifact_id,
            context=context or {},
            session_id=None if session is None else session_id_of(session),
        )
        return await self._rt.pending.create(
            self._tenant,
            body.intent_type,
            target_artifact_id=body.target_artifact_id,
            context=body.context,
            session_id=self._bound(body.session_id),
            user_id=self.principal.user_id,
        )

    async def decide_pending(
        self, intent_id: str, decision: Literal["approve", "reject"], comment: str | None = None
    ) -> PendingIntentView:
        """Approve or reject an approval request; the execution waiting on it resumes."""
        require_role(self.principal, WRITER_ROLE)
        checked_id("intent_id", intent_id)
        body = checked(DecidePendingRequest, decision=decision, comment=comment)
        approve = body.decision == "approve"
        return await decide_approval(
            self._rt, self.principal, intent_id, approve=approve, comment=body.comment
        )
