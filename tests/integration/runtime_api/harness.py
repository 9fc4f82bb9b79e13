"""Shared harness for Runtime API tests: a runtime + app, tokens, clients, a live uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime, register_journey_engine
from symphainy.runtime.api import create_runtime_app
from symphainy.sdk import RuntimeClient
from symphainy.security import Principal, mint_service_token
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import Value, build_registry
from tests.unit.runtime.journey_intents import register_journey_test_intents

A, B = "tenant-a", "tenant-b"
SECRET = b"runtime-api-test-secret-0123456789"
BASE = "http://runtime"


class SlowProgress(BaseModel):
    steps: int
    delay: float


def registry() -> IntentRegistry:
    """The runtime test intents, `slow_progress` (several events, spaced out), and journeys."""
    reg = build_registry()
    register_journey_engine(reg)
    register_journey_test_intents(reg)

    @reg.intent("slow_progress", params=SlowProgress, result=Value, realm="test")
    async def slow_progress(ctx: ExecutionContext, p: SlowProgress) -> Value:
        for step in range(p.steps):
            await ctx.emit(step=step, percent=int(100 * (step + 1) / p.steps))
            await asyncio.sleep(p.delay)
        return Value(value=p.steps)

    return reg


def token(tenant: str = A, user: str | None = "u1", ttl: float = 300, **kw: Any) -> str:
    """A service token for a member of `tenant` (a direct caller mints the roles it needs)."""
    if not kw.get("anonymous"):
        kw.setdefault("roles", ("member",))
    return mint_service_token(SECRET, Principal(tenant, user, **kw), ttl)


def auth(tenant: str = A, **kw: Any) -> dict[str, str]:
    """The Authorization header for `tenant`."""
    return {"Authorization": f"Bearer {token(tenant, **kw)}"}


@dataclass
class Api:
    """A started runtime and the app serving it."""

    runtime: Runtime
    app: FastAPI

    def client(self, tenant: str = A, **kw: Any) -> RuntimeClient:
        """A RuntimeClient for `tenant`, in process (ASGI)."""
        return RuntimeClient(BASE, token(tenant, **kw), transport=httpx.ASGITransport(self.app))

    def http(self, tenant: str | None = A) -> httpx.AsyncClient:
        """A raw httpx client (authenticated for `tenant` unless None)."""
        headers = auth(tenant) if tenant is not None else {}
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(self.app), base_url=BASE, headers=headers
        )

    async def wal_heads(self) -> tuple[Any, Any]:
        """The WAL heads of both test tenants (to prove a request wrote nothing)."""
        store = self.runtime.store
        return await store.wal_head(A), await store.wal_head(B)


@asynccontextmanager
async def runtime_api(database_url: str, home: Path, **settings: Any) -> AsyncIterator[Api]:
    """A runtime on `database_url` and its Runtime API app."""
    settings.setdefault("poll_seconds", 0.05)
    settings.setdefault("lease_seconds", 10.0)
    async with local_runtime(
        registry(),
        database_url=database_url,
        home=home,
        service_secret=SECRET.decode(),
        **settings,
    ) as rt:
        yield Api(rt, create_runtime_app(rt, rt.settings))


def _bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free port in this event loop; yield its base URL."""
    sock = _bound_socket()
    config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign]  # pytest owns signals
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@contextmanager
def threaded_api(database_url: str, home: Path, **settings: Any) -> Iterator[str]:
    """A runtime + uvicorn on a private loop in a thread (for blocking callers)."""
    ready: list[str] = []
    started, stop = threading.Event(), threading.Event()

    async def main() -> None:
        async with runtime_api(database_url, home, **settings) as api, serve(api.app) as url:
            ready.append(url)
            started.set()
            while not stop.is_set():
                await asyncio.sleep(0.05)

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    try:
        if not started.wait(30):
            raise RuntimeError("the threaded Runtime API did not start")
        yield ready[0]
    finally:
        stop.set()
        thread.join(30)
