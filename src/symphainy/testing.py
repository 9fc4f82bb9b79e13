"""Public test helpers: a local runtime on a throwaway store, for our suite and for yours."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symphainy.config import Settings
from symphainy.runtime import IntentRegistry, Runtime

if TYPE_CHECKING:
    from fastapi import FastAPI

    from symphainy.sdk import HttpSDK


@asynccontextmanager
async def local_runtime(
    registry: IntentRegistry,
    *,
    database_url: str = "",
    home: Path | None = None,
    **settings: Any,
) -> AsyncIterator[Runtime]:
    """A started Runtime running `registry`'s intents; stopped (workers drained) on exit.

    Args:
        registry: the intents to run (no journey engine is added: call
            `register_journey_engine(registry)` and `registry.check()` yourself).
        database_url: the store; "" is SQLite in `home`. Pass the suite's `database_url`
            fixture to run a test on SQLite and PostgreSQL.
        home: directory for the embedded store and blobs; default a temporary directory,
            removed on exit.
        **settings: any other `symphainy.config.Settings` field by name (e.g.
            `poll_seconds=0.05`, `max_upload_bytes=1_000_000`); an unknown name is a
            validation error.
    """
    with tempfile.TemporaryDirectory(prefix="symphainy-") as tmp:
        cfg = Settings(home=home or Path(tmp), database_url=database_url, **settings)
        async with Runtime(cfg, registry) as runtime:
            yield runtime


@dataclass
class LocalPlatform:
    """A booted platform in this process: the Runtime and the Experience service app."""

    runtime: Runtime
    app: FastAPI
    """The Experience service (ASGI); `http()` talks to it without opening a socket."""

    def http(self, token: str | None = None) -> HttpSDK:
        """An HttpSDK over the Experience service app (the whole HTTP path, in memory)."""
        import httpx

        from symphainy.sdk import HttpSDK

        return HttpSDK("http://experience.local", token, transport=httpx.ASGITransport(self.app))


@asynccontextmanager
async def local_platform(
    capabilities: Sequence[Callable[[IntentRegistry], None]],
    *,
    database_url: str = "",
    home: Path | None = None,
    **settings: Any,
) -> AsyncIterator[LocalPlatform]:
    """Boot Φ1 to Φ4 with exactly `capabilities` (each a `register(registry)`) on a throwaway store.

    Use it to call your intents through the Experience SDK over HTTP in tests, before they
    are installed as an entry point. Boot registers the journey engine before the
    capabilities and checks the registry after them, as `symphainy up` does.

    Args:
        capabilities: the `register(registry)` functions to boot with (entry points are
            not read).
        database_url: the store; "" is SQLite in `home`. Pass the suite's `database_url`
            fixture to run a test on SQLite and PostgreSQL.
        home: directory for the embedded store, blobs and secrets; default a temporary
            directory, removed on exit.
        **settings: any other `symphainy.config.Settings` field by name (e.g.
            `max_upload_bytes=1_000_000`, `worker_concurrency=2`); an unknown name is a
            validation error.
    """
    from symphainy.boot import Boot
    from symphainy.wiring import experience_app

    with tempfile.TemporaryDirectory(prefix="symphainy-") as tmp:
        cfg = Settings(home=home or Path(tmp), database_url=database_url, **settings)
        boot = Boot(cfg, capabilities=list(capabilities))
        runtime = await boot.start()
        try:
            app = (await boot.attach(experience=lambda: experience_app(boot)))["experience"]
            yield LocalPlatform(runtime, app)
        finally:
            await boot.stop()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def platform_process(home: Path, env: Mapping[str, str]) -> Iterator[str]:
    """`symphainy up` in its own process on free ports; yields the Experience service URL."""
    with platform_server(home, env) as (_, url):
        yield url


@contextmanager
def platform_server(
    home: Path, env: Mapping[str, str]
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Like `platform_process`, yielding the process too (a crash test may SIGKILL it)."""
    eport = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "symphainy.cli",
            "up",
            "--home",
            str(home),
            "--runtime-port",
            str(free_port()),
            "--experience-port",
            str(eport),
        ],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        if not any("Experience service" in line for line in proc.stdout):
            raise RuntimeError(f"symphainy up exited with {proc.wait()} before serving")
        yield proc, f"http://127.0.0.1:{eport}"
    finally:
        if proc.poll() is None:  # not already killed by the caller
            proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


__all__ = [
    "LocalPlatform",
    "free_port",
    "local_platform",
    "local_runtime",
    "platform_process",
    "platform_server",
]
