"""RuntimeClient: the Runtime API over HTTP, typed with the contract models the server uses.

Each method is derived from one builder in `_runtime_calls` (one per route of
`contracts.RUNTIME_ROUTES`), so the async client, its sync twin and the server cannot drift.
Errors come back as the `symphainy.errors` class named by the problem `type`.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from typing import Any, Concatenate, ParamSpec, TypeAlias, TypeVar

import httpx

from symphainy.contracts import TERMINAL, ExecutionEvent, ExecutionView, PendingIntentPage
from symphainy.sdk import _runtime_calls as calls
from symphainy.sdk._call import Call, operation_call
from symphainy.sdk._errors import error_from_problem
from symphainy.sdk._sse import SseDecoder, _Frame, _Resume, _Snapshots

P = ParamSpec("P")
T = TypeVar("T")
TokenProvider: TypeAlias = Callable[[], str | Awaitable[str]]
SyncTokenProvider: TypeAlias = Callable[[], str]


class _Deadline:
    """A long-poll budget: how long the next wait may be, and whether to stop."""

    def __init__(self, timeout: float | None) -> None:
        self._end = None if timeout is None else time.monotonic() + timeout

    def next_wait(self, poll: float) -> float:
        if self._end is None:
            return poll
        return max(0.0, min(poll, self._end - time.monotonic()))

    def done(self, view: ExecutionView) -> bool:
        if view.status in TERMINAL:
            return True
        if self._end is not None and time.monotonic() >= self._end:
            raise TimeoutError(f"execution {view.execution_id} is still {view.status}")
        return False


def _async(
    build: Callable[P, Call[T]],
) -> Callable[Concatenate[RuntimeClient, P], Coroutine[Any, Any, T]]:
    @functools.wraps(build)
    async def method(self: RuntimeClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self.call(build(*args, **kwargs))

    return method


def _sync(build: Callable[P, Call[T]]) -> Callable[Concatenate[SyncRuntimeClient, P], T]:
    @functools.wraps(build)
    def method(self: SyncRuntimeClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.call(build(*args, **kwargs))

    return method


class RuntimeClient:
    """Async client of the Runtime API; use as `async with RuntimeClient(url, token) as rc:`.

    Args:
        base_url: Where the Runtime API listens, e.g. `http://127.0.0.1:8000`.
        token: A service token, or a callable (sync or async) returning a fresh one per request.
        transport: An httpx transport (e.g. `httpx.ASGITransport(app)` for in-process tests).
        timeout: Seconds for connect/read/write; stream reads also use it between frames.
        max_connections: Requests in flight at once (and pooled connections); callers beyond
            it wait here, in a cheap FIFO, rather than in httpcore's pool queue, whose cost
            grows with its length.
        max_reconnects: Consecutive failed reconnects `stream_events` tolerates.
        reconnect_delay: Seconds before a reconnect, times the consecutive failures.
    """

    def __init__(
        self,
        base_url: str,
        token: str | TokenProvider,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        max_connections: int = 16,
        max_reconnects: int = 10,
        reconnect_delay: float = 0.1,
    ) -> None:
        if transport is None:
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            transport = httpx.AsyncHTTPTransport(limits=limits)
        self._http = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=timeout)
        self._slots = asyncio.Semaphore(max_connections)
        self._token = token
        self._max_reconnects = max_reconnects
        self._reconnect_delay = reconnect_delay

    def with_token(self, token: str | TokenProvider) -> RuntimeClient:
        """This client (same connection pool and slots) acting under another token."""
        bound = object.__new__(RuntimeClient)
        bound._http, bound._slots = self._http, self._slots
        bound._max_reconnects, bound._reconnect_delay = self._max_reconnects, self._reconnect_delay
        bound._token = token
        return bound

    async def __aenter__(self) -> RuntimeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def _bearer(self) -> str:
        if isinstance(self._token, str):
            return self._token
        token = self._token()
        return await token if inspect.isawaitable(token) else token

    async def call(self, call: Call[T]) -> T:
        """Send one prepared call and read its answer."""
        request = call.request(self._http, await self._bearer())
        async with self._slots:
            response = await self._http.send(request)
        return call.answer(response)

    async def call_operation(self, operation: str, /, **arguments: Any) -> Any:
        """Any declared operation, by name, with its `ExperienceSDK` method's arguments.

        An operation added after this client's typed methods needs no client code: e.g.
        `await rc.call_operation("get_intent", intent_type="add_one")`.
        """
        return await self.call(operation_call(operation, arguments))

    health = _async(calls.health)
    ready = _async(calls.ready)
    create_session = _async(calls.create_session)
    get_session = _async(calls.get_session)
    query_state = _async(calls.query_state)
    get_session_state = query_state
    """The former name of `query_state`."""
    upgrade_session = _async(calls.upgrade_session)
    submit_intent = _async(calls.submit_intent)
    list_intents = _async(calls.list_intents)
    list_realms = _async(calls.list_realms)
    list_journeys = _async(calls.list_journeys)
    list_pending_intents = _async(calls.list_pending_intents)
    create_pending_intent = _async(calls.create_pending_intent)
    get_pending_intent = _async(calls.get_pending_intent)
    list_executions = _async(calls.list_executions)
    decide_pending_intent = _async(calls.decide_pending_intent)
    get_execution = _async(calls.get_execution)
    cancel_execution = _async(calls.cancel_execution)
    get_artifact = _async(calls.get_artifact)
    get_artifact_content = _async(calls.get_artifact_content)
    get_artifact_lineage = _async(calls.get_artifact_lineage)
    resolve_artifact = _async(calls.resolve_artifact)
    list_artifacts = _async(calls.list_artifacts)
    list_wal = _async(calls.list_wal)
    verify_wal = _async(calls.verify_wal)
    checkpoint_wal = _async(calls.checkpoint_wal)
    stage_upload = _async(calls.stage_upload)
    """Stream bytes into the caller's blob area; returns the `upload_uri` for ingest_file."""

    async def wait_execution(
        self, execution_id: str, timeout: float | None = None, *, poll: float = 30.0
    ) -> ExecutionView:
        """Long-poll until the execution is terminal; TimeoutError after `timeout` seconds."""
        deadline = _Deadline(timeout)
        while True:
            view = await self.get_execution(execution_id, wait=deadline.next_wait(poll))
            if deadline.done(view):
                return view

    async def stream_events(
        self, execution_id: str, after: int = 0
    ) -> AsyncIterator[ExecutionEvent]:
        """Every event after `after`, live, through the terminal one; reconnects on drops.

        A dropped connection is resumed with `Last-Event-ID`, so each event arrives once.
        """
        resume, failures = _Resume(after), 0
        while True:
            seen = resume.after
            try:
                async for frame in self._frames(calls.stream_events(execution_id, resume.after)):
                    event = resume.accept(frame)
                    if event is not None:
                        yield event
            except httpx.TransportError:
                if resume.ended:
                    return
            if resume.ended:
                return
            failures = resume.next_failures(seen, failures, self._max_reconnects)
            await asyncio.sleep(self._reconnect_delay * failures)

    async def stream_pending_intents(
        self, intent_type: str | None = None, status: str = "pending"
    ) -> AsyncIterator[PendingIntentPage]:
        """The tenant's pending intents, live: a snapshot now and one per change; reconnects.

        A reconnect's first frame is the state then, so nothing is missed; a snapshot equal to
        the last one yielded is not yielded again. RuntimeApiError after `max_reconnects`
        consecutive connections that brought no frame.
        """
        seen = _Snapshots()
        while True:
            call = calls.stream_pending_intents(intent_type, status)
            try:
                async for frame in self._frames(call):
                    page = seen.accept(frame)
                    if page is not None:
                        yield page
            except httpx.TransportError:
                pass  # dropped: reconnect below
            await asyncio.sleep(self._reconnect_delay * seen.dropped(self._max_reconnects))

    async def _frames(self, call: Call[bytes]) -> AsyncIterator[_Frame]:
        request = call.request(self._http, await self._bearer())
        response = await self._http.send(request, stream=True)
        try:
            if response.is_error:
                await response.aread()
                raise error_from_problem(response.status_code, response.content)
            decoder = SseDecoder()
            async for line in response.aiter_lines():
                frame = decoder.feed(line)
                if frame is not None:
                    yield frame
        finally:
            await response.aclose()


class SyncRuntimeClient:
    """The blocking twin of RuntimeClient (httpx.Client), for the CLI and scripts."""

    def __init__(
        self,
        base_url: str,
        token: str | SyncTokenProvider,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_reconnects: int = 10,
        reconnect_delay: float = 0.1,
    ) -> None:
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)
        self._token = token
        self._max_reconnects = max_reconnects
        self._reconnect_delay = reconnect_delay

    def __enter__(self) -> SyncRuntimeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def call(self, call: Call[T]) -> T:
        """Send one prepared call and read its answer."""
        token = self._token if isinstance(self._token, str) else self._token()
        return call.answer(self._http.send(call.request(self._http, token)))

    def call_operation(self, operation: str, /, **arguments: Any) -> Any:
        """Blocking `RuntimeClient.call_operation`."""
        return self.call(operation_call(operation, arguments))

    health = _sync(calls.health)
    ready = _sync(calls.ready)
    create_session = _sync(calls.create_session)
    get_session = _sync(calls.get_session)
    query_state = _sync(calls.query_state)
    get_session_state = query_state
    upgrade_session = _sync(calls.upgrade_session)
    submit_intent = _sync(calls.submit_intent)
    list_intents = _sync(calls.list_intents)
    list_realms = _sync(calls.list_realms)
    list_journeys = _sync(calls.list_journeys)
    list_pending_intents = _sync(calls.list_pending_intents)
    create_pending_intent = _sync(calls.create_pending_intent)
    get_pending_intent = _sync(calls.get_pending_intent)
    list_executions = _sync(calls.list_executions)
    decide_pending_intent = _sync(calls.decide_pending_intent)
    get_execution = _sync(calls.get_execution)
    cancel_execution = _sync(calls.cancel_execution)
    get_artifact = _sync(calls.get_artifact)
    get_artifact_content = _sync(calls.get_artifact_content)
    get_artifact_lineage = _sync(calls.get_artifact_lineage)
    resolve_artifact = _sync(calls.resolve_artifact)
    list_artifacts = _sync(calls.list_artifacts)
    list_wal = _sync(calls.list_wal)
    verify_wal = _sync(calls.verify_wal)
    checkpoint_wal = _sync(calls.checkpoint_wal)
    stage_upload = _sync(calls.stage_upload)

    def wait_execution(
        self, execution_id: str, timeout: float | None = None, *, poll: float = 30.0
    ) -> ExecutionView:
        """Blocking `RuntimeClient.wait_execution`."""
        deadline = _Deadline(timeout)
        while True:
            view = self.get_execution(execution_id, wait=deadline.next_wait(poll))
            if deadline.done(view):
                return view

    def stream_events(self, execution_id: str, after: int = 0) -> Iterator[ExecutionEvent]:
        """Blocking `RuntimeClient.stream_events`: each event once, reconnecting on drops."""
        resume, failures = _Resume(after), 0
        while True:
            seen = resume.after
            try:
                for frame in self._frames(calls.stream_events(execution_id, resume.after)):
                    event = resume.accept(frame)
                    if event is not None:
                        yield event
            except httpx.TransportError:
                if resume.ended:
                    return
            if resume.ended:
                return
            failures = resume.next_failures(seen, failures, self._max_reconnects)
            time.sleep(self._reconnect_delay * failures)

    def stream_pending_intents(
        self, intent_type: str | None = None, status: str = "pending"
    ) -> Iterator[PendingIntentPage]:
        """Blocking `RuntimeClient.stream_pending_intents`: snapshots, reconnecting on drops."""
        seen = _Snapshots()
        while True:
            call = calls.stream_pending_intents(intent_type, status)
            try:
                for frame in self._frames(call):
                    page = seen.accept(frame)
                    if page is not None:
                        yield page
            except httpx.TransportError:
                pass  # dropped: reconnect below
            time.sleep(self._reconnect_delay * seen.dropped(self._max_reconnects))

    def _frames(self, call: Call[bytes]) -> Iterator[_Frame]:
        token = self._token if isinstance(self._token, str) else self._token()
        request = call.request(self._http, token)
        response = self._http.send(request, stream=True)
        try:
            if response.is_error:
                response.read()
                raise error_from_problem(response.status_code, response.content)
            decoder = SseDecoder()
            for line in response.iter_lines():
                frame = decoder.feed(line)
                if frame is not None:
                    yield frame
        finally:
            response.close()
