"""ExperienceSDK: the one contract every experience surface (console, CLI, agents) uses.

Each method is declared once, here or in an `_experience_*` module by topic: its signature is
what SDK users call, and its `@operation(...)` says where both services serve it (see
`_operation`). The runtime's caller facade implements it in process; the HTTP SDK and both
services' routes are generated from these declarations, so adding an operation is this
declaration plus the facade method.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from symphainy.contracts._experience_batch import BatchOperations
from symphainy.contracts._experience_executions import ArtifactOperations, ExecutionOperations
from symphainy.contracts._experience_limits import ConcurrencyLimitOperations
from symphainy.contracts._experience_quotas import QuotaOperations
from symphainy.contracts._experience_retention import RetentionOperations
from symphainy.contracts._experience_schedules import ScheduleOperations
from symphainy.contracts._experience_search import SearchOperations
from symphainy.contracts._journeys import DecidePendingRequest, JourneyView
from symphainy.contracts._models import (
    CreatePendingIntentRequest,
    CreateSessionRequest,
    IntentContract,
    ListPendingIntentsRequest,
    PendingIntentPage,
    PendingIntentView,
    PendingStatus,
    RealmView,
    SessionView,
    SubmitIntentRequest,
    SubmitIntentResponse,
    UpgradeSessionRequest,
)
from symphainy.contracts._operation import declared, operation
from symphainy.contracts._sdk import (
    IntentQuery,
    JourneyRequest,
    PendingStreamQuery,
    StagedUpload,
    StateQuery,
    StateSnapshot,
)
from symphainy.contracts._wal import (
    VerifyWalRequest,
    WalCheckpointView,
    WalEntryView,
    WalPage,
    WalVerification,
)

SessionRef = str | SessionView
SESSION = {"session": "session_id"}
"""The wire name of the `session` argument (an id or a SessionView)."""


def session_id_of(session: SessionRef) -> str:
    """A session id from an id or a SessionView."""
    return session if isinstance(session, str) else session.session_id


class AnonymousProof(Protocol):
    """What proves an anonymous session in process: its verified `security.Principal`."""

    @property
    def anonymous(self) -> bool:
        """True for an anonymous session's principal."""
        ...

    @property
    def session_id(self) -> str | None:
        """The session it is bound to."""
        ...


class SessionOperations(Protocol):
    """The caller's sessions, and what starts work in them: uploads, intents and journeys."""

    @operation(
        "create_session",
        "POST",
        "/api/session/create",
        SessionView,
        CreateSessionRequest,
        status=201,
        scope="user",
    )
    async def create_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        """Start a session for the caller."""
        declared()

    @operation("get_session", "GET", "/api/session/{session_id}", SessionView, wire=SESSION)
    async def get_session(self, session: SessionRef) -> SessionView:
        """One of the caller's sessions."""
        declared()

    @operation(
        "upgrade_session",
        "PATCH",
        "/api/session/{session_id}/upgrade",
        SessionView,
        UpgradeSessionRequest,
        generated=False,
    )
    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: AnonymousProof | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        """Move an anonymous session to the signed-in caller.

        `anonymous` proves the session: its verified Principal in process, its token over HTTP.
        """
        declared()

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        """Stream bytes into the caller's blob area; PayloadTooLarge past `limit`."""
        declared()

    @operation(
        "query_state",
        "GET",
        "/api/session/{session_id}/state",
        StateSnapshot,
        query=StateQuery,
        wire=SESSION,
    )
    async def query_state(
        self, session: SessionRef, execution_id: str | None = None
    ) -> StateSnapshot:
        """A session, its state, and optionally an execution with its artifacts."""
        declared()

    @operation(
        "submit_intent",
        "POST",
        "/api/intent/submit",
        SubmitIntentResponse,
        SubmitIntentRequest,
        status=202,
        wire=SESSION,
        generated=False,
    )
    async def invoke_intent(
        self,
        intent_type: str,
        parameters: dict[str, Any],
        session: SessionRef | None = None,
        solution_id: str | None = None,
        idempotency_key: str | None = None,
        *,
        intent_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        parent_execution_id: str | None = None,
        not_before: datetime | str | None = None,
        intent_version: int | None = None,
        priority: int = 0,
        search_attributes: dict[str, Any] | None = None,
    ) -> SubmitIntentResponse:
        """Submit an intent; returns at once with the execution id.

        The newest registered version of the intent runs unless `intent_version` names one;
        the execution keeps that version for every retry and resume. `intent_id` names the
        intent (one is made up otherwise) and `metadata` travels with the execution.
        `parent_execution_id` is refused (403): a child execution is started by its parent's
        handler only, so no caller can plant a step into a journey. `not_before` (an aware
        datetime or RFC 3339 text with an offset) delays the start: the execution is
        `scheduled` until then, and can be cancelled meanwhile. `priority` (-100..100,
        default 0): higher starts first; within a priority, tenants take turns.
        `search_attributes` (a few
        typed key/values, see `list_executions`) are stored indexed to find the execution by.
        """
        declared()

    @operation(
        "trigger_journey",
        "POST",
        "/api/journey/trigger",
        SubmitIntentResponse,
        JourneyRequest,
        status=202,
        wire=SESSION,
    )
    async def trigger_journey(
        self,
        journey_id: str,
        parameters: dict[str, Any],
        session: SessionRef,
        idempotency_key: str | None = None,
        journey_version: int | None = None,
        priority: int = 0,
    ) -> SubmitIntentResponse:
        """Start a journey (its parent execution): the newest version, or `journey_version`.

        `priority` applies to the journey and to each of its steps.
        """
        declared()


class PendingIntentOperations(Protocol):
    """Intents deferred for later (approval requests among them), and their decisions."""

    @operation(
        "list_pending_intents",
        "POST",
        "/api/intent/pending/list",
        PendingIntentPage,
        ListPendingIntentsRequest,
    )
    async def list_pending(self, **filters: Any) -> PendingIntentPage:
        """Pending intents (target_artifact_id, intent_type, status)."""
        declared()

    @operation(
        "stream_pending_intents",
        "GET",
        "/api/intent/pending/stream",
        None,
        query=PendingStreamQuery,
        generated=False,
    )
    def watch_pending(
        self, intent_type: str | None = None, status: PendingStatus = "pending"
    ) -> AsyncIterator[PendingIntentPage]:
        """The caller's tenant's pending intents (of `intent_type`, in `status`), live.

        Yields a `PendingIntentPage` snapshot at once, then a new one whenever an intent of the
        tenant is created, decided, claimed, completed or cancelled in a way that changes it
        (at most the server's `pending_stream_limit` intents, newest first, and their `total`).
        It never ends by itself: stop iterating to close it. Over HTTP it is an SSE stream of
        `pending` frames that reconnects on drops (its next frame is the state then).
        """
        declared()

    @operation("get_pending_intent", "GET", "/api/intent/pending/{intent_id}", PendingIntentView)
    async def get_pending(self, intent_id: str) -> PendingIntentView:
        """One pending intent of the caller's tenant."""
        declared()

    @operation(
        "create_pending_intent",
        "POST",
        "/api/intent/pending/create",
        PendingIntentView,
        CreatePendingIntentRequest,
        status=201,
        scope="user",
        wire=SESSION,
    )
    async def create_pending(
        self,
        intent_type: str,
        target_artifact_id: str | None = None,
        context: dict[str, Any] | None = None,
        session: SessionRef | None = None,
    ) -> PendingIntentView:
        """Defer an intent for later."""
        declared()

    @operation(
        "decide_pending_intent",
        "POST",
        "/api/intent/pending/{intent_id}/decide",
        PendingIntentView,
        DecidePendingRequest,
        scope="user",
    )
    async def decide_pending(
        self, intent_id: str, decision: Literal["approve", "reject"], comment: str | None = None
    ) -> PendingIntentView:
        """Approve or reject an approval request; the execution waiting on it resumes."""
        declared()


class CatalogOperations(Protocol):
    """What is registered: journeys, intents with their JSON Schemas, and realms."""

    @operation("list_journeys", "GET", "/api/journeys", list[JourneyView])
    async def list_journeys(self) -> list[JourneyView]:
        """Every registered journey (steps, dependencies, input schema)."""
        declared()

    @operation("list_intents", "GET", "/api/intents", list[IntentContract])
    async def list_intents(self) -> list[IntentContract]:
        """The intent catalogue with JSON Schemas."""
        declared()

    @operation("get_intent", "GET", "/api/intents/{intent_type}", IntentContract, query=IntentQuery)
    async def get_intent(self, intent_type: str, version: int | None = None) -> IntentContract:
        """One registered intent's contract: its parameter and result JSON Schemas, its policy."""
        declared()

    @operation("list_realms", "GET", "/api/realms", list[RealmView])
    async def list_realms(self) -> list[RealmView]:
        """Capabilities and their intents."""
        declared()


class WalOperations(Protocol):
    """The caller's tenant's write-ahead log: its entries, its hash chain, signed checkpoints."""

    @operation("list_wal", "GET", "/api/wal", WalPage, generated=False)
    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        """The caller's tenant's WAL."""
        declared()

    @operation(
        "verify_wal", "POST", "/api/wal/verify", WalVerification, VerifyWalRequest, optional=True
    )
    async def verify_wal(self, since: str | None = None) -> WalVerification:
        """Walk the caller's tenant's hash chain (and, with `since`, to a checkpoint).

        `since` is a `checkpoint_wal` token: the chain must still reach it unchanged, so a
        cut-off tail fails.
        """
        declared()

    @operation("checkpoint_wal", "POST", "/api/wal/checkpoint", WalCheckpointView)
    async def checkpoint_wal(self) -> WalCheckpointView:
        """A signed checkpoint of the caller's tenant's verified WAL head, to keep elsewhere."""
        declared()


@runtime_checkable
class ExperienceSDK(
    # The bases' order is the operations' order (`protocol_members`): the contract document,
    # the routes and the MCP tools list them so.
    SessionOperations,
    ExecutionOperations,
    ArtifactOperations,
    PendingIntentOperations,
    CatalogOperations,
    WalOperations,
    ScheduleOperations,
    RetentionOperations,
    QuotaOperations,
    ConcurrencyLimitOperations,
    SearchOperations,
    BatchOperations,
    Protocol,
):
    """What a surface can ask of the platform, on behalf of one authenticated caller.

    Implementations: `LocalSDK` (in process, the runtime's caller facade) and `HttpSDK` (over
    the Experience service). One contract suite runs against all three deployments. The
    operations are declared on Protocols by topic, which this one composes: sessions, pending
    intents, the catalogue and the WAL here; executions and artifacts, schedules, retention,
    quotas, concurrency limits, search and batch submit in their own modules (for size).
    """
