"""Policy checks written once for every transport: who may do what, and what input is valid.

The CallerFacade (LocalSDK) and the Runtime API both call these, so the embedded and the split
deployment refuse the same requests with the same problem.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import BaseModel, StringConstraints, TypeAdapter, ValidationError

from symphainy.config import Settings
from symphainy.contracts import (
    ExecutionEvent,
    ExecutionPage,
    ExecutionView,
    PendingIntentView,
    SessionView,
    SubmitIntentResponse,
)
from symphainy.contracts._storable import ID_PATTERN
from symphainy.errors import Forbidden, InvalidParameters, SessionNotFound, field_errors
from symphainy.runtime._artifacts import ArtifactRegistry
from symphainy.runtime._pending import PendingIntents
from symphainy.runtime._registry import IntentRegistry
from symphainy.runtime._retention import Retention
from symphainy.runtime._schedules import Schedules
from symphainy.runtime._state import StateSurface
from symphainy.runtime._submit import SubmitIntent
from symphainy.runtime._wal import Wal
from symphainy.security._principal import Principal
from symphainy.store import Store

PATH_ID_MAX_LENGTH = 128
"""The longest id accepted where an id names a stored thing (paths: `/execution/{id}`)."""
WRITER_ROLE = "member"
"""The role that creates sessions, uploads, defers and decides (viewers only read and submit)."""

_LOOKUP_ID: TypeAdapter[str] = TypeAdapter(
    Annotated[
        str, StringConstraints(min_length=1, max_length=PATH_ID_MAX_LENGTH, pattern=ID_PATTERN)
    ]
)
M = TypeVar("M", bound=BaseModel)


class CallerRuntime(Protocol):
    """The parts of the Runtime a caller's requests reach (what `CallerFacade` is built on).

    A Protocol, not the Runtime class, so the facade and these checks depend on the surfaces
    they use and the Runtime, which builds the facade (`for_caller`), is not imported back.
    """

    settings: Settings
    registry: IntentRegistry

    @property
    def store(self) -> Store:
        """The store (the facade reads sessions, and tenant quotas, from it)."""
        ...

    @property
    def state(self) -> StateSurface:
        """Session and execution state."""
        ...

    @property
    def artifacts(self) -> ArtifactRegistry:
        """Artifacts and their blobs."""
        ...

    @property
    def pending(self) -> PendingIntents:
        """Pending intents and approvals."""
        ...

    @property
    def wal(self) -> Wal:
        """The write-ahead log."""
        ...

    @property
    def schedules(self) -> Schedules:
        """Schedules and their runs."""
        ...

    @property
    def retention(self) -> Retention:
        """Retention policies, legal holds and runs."""
        ...

    async def submit(self, request: SubmitIntent) -> SubmitIntentResponse:
        """Record an intent for execution."""
        ...

    async def get_execution(
        self, tenant_id: str, execution_id: str, include_artifacts: bool = False
    ) -> ExecutionView:
        """One execution of a tenant."""
        ...

    async def list_executions(
        self, tenant_id: str, *, limit: int = 100, cursor: str | None = None, **filters: Any
    ) -> ExecutionPage:
        """A page of a tenant's executions."""
        ...

    async def wait(
        self, tenant_id: str, execution_id: str, timeout: float | None = None
    ) -> ExecutionView:
        """Wait until an execution is terminal."""
        ...

    async def cancel(self, tenant_id: str, execution_id: str) -> ExecutionView:
        """Cancel an execution."""
        ...

    async def events(
        self, tenant_id: str, execution_id: str, after: int = 0, limit: int = 1000
    ) -> list[ExecutionEvent]:
        """An execution's stored events after `after` (ExecutionNotFound for another tenant's)."""
        ...

    def follow(
        self, tenant_id: str, execution_id: str, after: int = 0
    ) -> AsyncIterator[ExecutionEvent]:
        """An execution's events after `after`, live."""
        ...

    async def create_session(
        self,
        tenant_id: str,
        *,
        user_id: str | None = None,
        anonymous: bool = False,
        metadata: dict[str, Any] | None = None,
        session_id: str | None = None,
    ) -> SessionView:
        """Start a session."""
        ...

    async def get_session(self, tenant_id: str, session_id: str) -> SessionView:
        """One session of a tenant."""
        ...

    async def upgrade_session(
        self,
        from_tenant: str,
        session_id: str,
        tenant_id: str,
        user_id: str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        """Attach an anonymous session to a signed-in user, in place."""
        ...


def _invalid(exc: ValidationError, prefix: tuple[str, ...] = ()) -> InvalidParameters:
    return InvalidParameters(
        "the request does not match its schema", errors=field_errors(exc, *prefix)
    )


def checked(model: type[M], **fields: Any) -> M:
    """The request `model` built from `fields`, as an HTTP body would be (InvalidParameters)."""
    return _validated(model, "body", fields)


def checked_query(model: type[M], **fields: Any) -> M:
    """Like `checked`, for a query string's fields (errors located under `query`)."""
    return _validated(model, "query", fields)


def _validated(model: type[M], where: str, fields: dict[str, Any]) -> M:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise _invalid(exc, (where,)) from None


def checked_id(name: str, value: str) -> str:
    """`value` if it can name a stored thing: no control characters, not over-long."""
    try:
        return _LOOKUP_ID.validate_python(value)
    except ValidationError as exc:
        raise _invalid(exc, ("path", name)) from None


def session_id_of(session: str | SessionView) -> str:
    """A session id from an id or a SessionView."""
    return session if isinstance(session, str) else session.session_id


async def decide_approval(
    rt: CallerRuntime, caller: Principal, intent_id: str, *, approve: bool, comment: str | None
) -> PendingIntentView:
    """Approve or reject an approval request of the caller's tenant; anonymous callers may not.

    The CallerFacade also requires the member role first (as the Experience service does).
    """
    if caller.anonymous:
        raise Forbidden("sign in to decide an approval")
    return await rt.pending.decide(
        caller.tenant_id, intent_id, approve=approve, decided_by=caller.subject, comment=comment
    )


async def upgrade_caller_session(
    rt: CallerRuntime,
    caller: Principal,
    owner: Principal,
    session_id: str,
    metadata: dict[str, Any] | None = None,
) -> SessionView:
    """Move the anonymous `owner`'s session to the signed-in `caller`, in place.

    `owner` is the anonymous principal whose credential the caller presented as proof; a
    principal bound to one session cannot hand over another.
    """
    if caller.anonymous or caller.user_id is None:
        raise Forbidden("upgrading a session needs a signed-in caller")
    if not owner.anonymous:
        raise Forbidden("only anonymous sessions can be upgraded")
    if owner.session_id not in (None, session_id):
        raise SessionNotFound(f"session {session_id} not found")
    return await rt.upgrade_session(
        owner.tenant_id, session_id, caller.tenant_id, caller.user_id, metadata
    )


async def non_empty(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The chunks, refusing (InvalidParameters) an upload with no bytes at all."""
    empty = True
    async for chunk in chunks:
        empty = empty and not chunk
        yield chunk
    if empty:
        raise InvalidParameters(
            "the upload is empty",
            errors=[{"loc": ["body"], "msg": "no bytes", "type": "too_short"}],
        )
