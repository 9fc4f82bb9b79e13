"""The Experience SDK over one RuntimeClient: what RemoteSDK and HttpSDK share.

Both speak the same operations on the same paths (`contracts.OPERATIONS`), sent by a
RuntimeClient bound to one token: a service token (the gateway's RemoteSDK) or a user's token
(HttpSDK). Every `ExperienceSDK` method declared with a generated operation is sent by one
generic method (`_send`); the class writes only what HTTP does differently (submit's
idempotency header, waiting, the event and pending-intent streams, bytes, the WAL page). One
SSE decoder, one long-poll.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import datetime
from typing import Any

from symphainy.contracts import (
    ExecutionEvent,
    ExecutionView,
    PendingIntentPage,
    PendingStatus,
    SubmitIntentResponse,
    WalEntryView,
)
from symphainy.contracts._experience import ExperienceSDK, SessionRef, session_id_of
from symphainy.contracts._operation import primary_operation, protocol_members
from symphainy.errors import ConfigurationError
from symphainy.sdk._runtime_client import RuntimeClient


class ClientSDK(ExperienceSDK):
    """The ExperienceSDK operations every HTTP transport sends the same way."""

    _c: RuntimeClient
    LONG_POLL = 25.0
    """Seconds each status long-poll of `wait` asks for (under the client's read timeout)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in _METHODS if getattr(cls, name) is getattr(ExperienceSDK, name)]
        if missing:  # fail at import, not at the first call
            raise ConfigurationError(f"{cls.__name__} neither sends nor implements {missing}")

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
        return await self._c.submit_intent(
            intent_type,
            parameters,
            session_id=None if session is None else session_id_of(session),
            solution_id=solution_id,
            intent_id=intent_id,
            parent_execution_id=parent_execution_id,
            metadata=metadata,
            idempotency_key=idempotency_key,
            not_before=not_before,
            intent_version=intent_version,
            priority=priority,
            search_attributes=search_attributes,
        )

    async def subscribe(self, execution_id: str, after: int = 0) -> AsyncIterator[ExecutionEvent]:
        async for event in self._c.stream_events(execution_id, after):
            yield event

    async def watch_pending(
        self, intent_type: str | None = None, status: PendingStatus = "pending"
    ) -> AsyncIterator[PendingIntentPage]:
        async for page in self._c.stream_pending_intents(intent_type, status):
            yield page

    async def wait(self, execution_id: str, timeout: float | None = None) -> ExecutionView:
        return await self._c.wait_execution(execution_id, timeout, poll=self.LONG_POLL)

    async def artifact_content(self, artifact_id: str) -> bytes:
        return await self._c.get_artifact_content(artifact_id)

    async def wal_entries(self, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        return (await self._c.list_wal(after=after, limit=limit)).entries


_METHODS = [
    name
    for name, member in protocol_members(ExperienceSDK).items()
    if inspect.isfunction(member) and not name.startswith("_")
]


def _send(declared: Callable[..., Any], operation: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    signature = inspect.signature(declared)

    @functools.wraps(declared)
    async def send(self: ClientSDK, /, *args: Any, **kwargs: Any) -> Any:
        arguments = signature.bind(self, *args, **kwargs).arguments
        del arguments["self"]
        for name, param in signature.parameters.items():
            if param.kind is inspect.Parameter.VAR_KEYWORD:  # `**filters`: body fields
                arguments.update(arguments.pop(name, {}))
        return await self._c.call_operation(operation, **arguments)

    return send


def _generate() -> None:
    # Every declared method ClientSDK does not write itself is sent as its operation.
    for name in _METHODS:
        declared = getattr(ExperienceSDK, name)
        primary = primary_operation(declared)
        if name not in vars(ClientSDK) and primary is not None and primary[1].generated:
            setattr(ClientSDK, name, _send(declared, primary[0]))


_generate()
