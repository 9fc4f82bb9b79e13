"""A local OpenAI-compatible chat-completions server for tests (the model is outside our control).

    with fake_chat_server() as llm:
        llm.script(Reply(status=503), Reply(text="Hello"))   # first call fails, second answers
        settings = Settings(reasoning_base_url=llm.url, reasoning_model="test-model", ...)

Unscripted calls answer with `default_text(messages)`: a deterministic echo of the last user
message, so a test can assert what prompt the model received. Every request body is kept in
`llm.requests`. The server runs uvicorn on a free loopback port in a daemon thread.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


@dataclass(frozen=True, slots=True)
class Reply:
    """One scripted answer: a status, a text, token counts, an optional delay."""

    text: str | None = None
    status: int = 200
    delay: float = 0.0
    usage: dict[str, int] | None = field(
        default_factory=lambda: {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
    )
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    """A raw JSON body that replaces the generated one (for malformed answers)."""


def default_text(messages: list[dict[str, str]]) -> str:
    """The unscripted answer: `echo: ` and the last user message."""
    users = [m["content"] for m in messages if m.get("role") == "user"]
    return "echo: " + (users[-1] if users else "")


class FakeChatServer:
    """The server's script and what it received."""

    def __init__(self, answer: Callable[[list[dict[str, str]]], str] = default_text) -> None:
        self.url = ""
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str | None] = []
        self._answer = answer
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()

    def script(self, *replies: Reply) -> None:
        """Queue replies; each call takes the next one (unscripted calls get the default)."""
        with self._lock:
            self._script.extend(replies)

    def reset(self) -> None:
        """Forget the script and the recorded requests (to share one server across tests)."""
        with self._lock:
            self._script.clear()
            self.requests.clear()
            self.auth.clear()

    def app(self) -> FastAPI:
        """The ASGI app (also usable with httpx's ASGI transport)."""
        app = FastAPI()
        app.post("/v1/chat/completions")(self._complete)
        return app

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        with self._lock:
            self.requests.append(body)
            self.auth.append(request.headers.get("authorization"))
            reply = self._script.popleft() if self._script else Reply()
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.status != 200:
            error = {"error": {"message": f"scripted {reply.status}", "type": "test"}}
            return JSONResponse(error, reply.status, headers=reply.headers)
        if reply.body is not None:
            return JSONResponse(reply.body)
        return JSONResponse(self._body(body, reply))

    def _body(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        text = reply.text if reply.text is not None else self._answer(request["messages"])
        body: dict[str, Any] = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
        }
        if reply.usage is not None:
            body["usage"] = reply.usage
        return body


@contextmanager
def fake_chat_server(
    answer: Callable[[list[dict[str, str]]], str] = default_text,
) -> Iterator[FakeChatServer]:
    """Serve a FakeChatServer on 127.0.0.1; `url` is its `/v1` base URL."""
    fake = FakeChatServer(answer)
    # Bind the socket here and hand it to uvicorn: no window in which another process could
    # take a port we only picked.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(fake.app(), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="fake-chat-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake chat server did not start")
        time.sleep(0.01)
    fake.url = f"http://127.0.0.1:{port}/v1"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


__all__ = ["FakeChatServer", "Reply", "default_text", "fake_chat_server"]
