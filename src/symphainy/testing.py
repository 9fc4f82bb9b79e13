"""Public test helpers: a local runtime on a throwaway store, for our suite and for yours."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from symphainy.config import Settings
from symphainy.runtime import IntentRegistry, Runtime


@asynccontextmanager
async def local_runtime(
    registry: IntentRegistry,
    *,
    database_url: str = "",
    home: Path | None = None,
    **settings: Any,
) -> AsyncIterator[Runtime]:
    """A started Runtime on `database_url` (default: SQLite in a temporary directory)."""
    with tempfile.TemporaryDirectory(prefix="symphainy-") as tmp:
        cfg = Settings(home=home or Path(tmp), database_url=database_url, **settings)
        async with Runtime(cfg, registry) as runtime:
            yield runtime


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def platform_process(home: Path, env: Mapping[str, str]) -> Iterator[str]:
    """`symphainy up` in its own process on free ports; yields the Experience service URL."""
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
        yield f"http://127.0.0.1:{eport}"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


__all__ = ["free_port", "local_runtime", "platform_process"]
