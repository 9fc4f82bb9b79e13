"""The outermost guard: request body limits and the last-resort 500 problem."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from symphainy.errors import InvalidRequest, PayloadTooLarge, SymphainyError
from symphainy.web._problems import error_response, log, unexpected_response


class _Exchange:
    """One HTTP exchange: bytes received so far, and whether the response has started."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive, self._send, self._limit = receive, send, limit
        self.received = 0
        self.too_large = False
        self.started = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._limit:
                self.too_large = True
                raise PayloadTooLarge(f"request body exceeds {self._limit} bytes")
        return message

    async def send(self, message: Message) -> None:
        if self.too_large:
            return  # Whatever the app made of the truncated body is replaced by the 413.
        self.started = True
        await self._send(message)


class GuardMiddleware:
    """Refuse bodies over `max_body_bytes` (declared or streamed); turn crashes into problems."""

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, path_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = dict(path_limits or {})

    def _limit(self, scope: Scope) -> int:
        return self.path_limits.get(scope.get("path", ""), self.max_body_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        refusal = self._check_declared(scope, limit)
        if refusal is not None:
            await _reply(send, scope, refusal)
            return
        exchange = _Exchange(receive, send, limit)
        try:
            await self.app(scope, exchange.receive, exchange.send)
        except Exception as exc:
            if exchange.started:
                raise  # Mid-stream: nothing left to say but closing the connection.
            if not exchange.too_large:
                await _crash(send, scope, exc)
                return
        if exchange.too_large:
            await _reply(send, scope, PayloadTooLarge(f"body exceeds {self.max_body_bytes} bytes"))

    @staticmethod
    def _check_declared(scope: Scope, limit: int) -> SymphainyError | None:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    return InvalidRequest("Content-Length is not a number")
                if declared < 0:
                    return InvalidRequest("Content-Length is negative")
                if declared > limit:
                    return PayloadTooLarge(f"request body exceeds {limit} bytes", limit=limit)
        return None


async def _reply(send: Send, scope: Scope, error: SymphainyError) -> None:
    await error_response(error, scope.get("path"))(scope, _no_receive, send)


async def _crash(send: Send, scope: Scope, exc: Exception) -> None:
    if isinstance(exc, SymphainyError):
        await _reply(send, scope, exc)
        return
    log.error("unhandled error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
    await unexpected_response(scope.get("path"))(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
