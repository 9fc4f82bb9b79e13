"""`symphainy up | runtime | worker`: start the platform, or one piece of it per machine."""

from __future__ import annotations

import asyncio
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
import uvicorn

from symphainy.boot import Boot
from symphainy.cli._common import console, run, settings_from, setup_logging
from symphainy.config import Settings

DB_OPTION = typer.Option(None, "--database-url", help="postgresql://… (default: embedded SQLite)")
HOME_OPTION = typer.Option(None, "--home", help="Directory for the embedded store and blobs.")


@dataclass(frozen=True)
class Listener:
    """One HTTP surface to serve."""

    name: str
    app: Any
    host: str
    port: int

    @property
    def url(self) -> str:
        """Where to open it."""
        return f"http://{self.host}:{self.port}"


def up(
    database_url: str | None = DB_OPTION,
    home: Path | None = HOME_OPTION,
    runtime_port: int | None = typer.Option(None, help="Runtime API port (8000)."),
    experience_port: int | None = typer.Option(None, help="Experience port (8001)."),
    verbose: bool = False,
) -> None:
    """Start Runtime, workers and the Experience service on one machine; print the URLs."""
    setup_logging(verbose)
    settings = settings_from(
        database_url, home, runtime_port=runtime_port, experience_port=experience_port
    )
    run(_up(settings))


def runtime(
    database_url: str | None = DB_OPTION,
    home: Path | None = HOME_OPTION,
    port: int | None = typer.Option(None, help="Runtime API port (8000)."),
    workers: bool = typer.Option(True, help="Also run workers in this process."),
    verbose: bool = False,
) -> None:
    """Start the Runtime API (and, by default, workers)."""
    setup_logging(verbose)
    settings = settings_from(database_url, home, runtime_port=port, workers_enabled=workers)
    run(_runtime_only(settings))


def experience(
    database_url: str | None = DB_OPTION,
    home: Path | None = HOME_OPTION,
    port: int | None = typer.Option(None, help="Experience port (8001)."),
    runtime_url: str | None = typer.Option(None, help="Runtime API URL."),
    verbose: bool = False,
) -> None:
    """Start the Experience service alone, talking to a Runtime API (same service secret)."""
    setup_logging(verbose)
    settings = settings_from(database_url, home, experience_port=port, runtime_url=runtime_url)
    run(_experience_only(settings))


def worker(
    database_url: str | None = DB_OPTION,
    home: Path | None = HOME_OPTION,
    concurrency: int | None = typer.Option(None, help="Executions at once."),
    verbose: bool = False,
) -> None:
    """Run workers only (scale out: one per machine or core, all on one PostgreSQL)."""
    setup_logging(verbose)
    settings = settings_from(
        database_url, home, worker_concurrency=concurrency, workers_enabled=True
    )
    run(_workers_only(settings))


async def _up(settings: Settings) -> None:
    boot = Boot(settings)
    await boot.start()
    surfaces = await boot.attach(
        runtime_api=lambda: _runtime_app(boot, settings),
        experience=lambda: _experience_app(boot, settings),
    )
    listeners = [
        Listener(
            "Runtime API", surfaces["runtime_api"], settings.runtime_host, settings.runtime_port
        ),
        Listener(
            "Experience service",
            surfaces["experience"],
            settings.experience_host,
            settings.experience_port,
        ),
    ]
    await _serve(boot, listeners)


async def _runtime_only(settings: Settings) -> None:
    boot = Boot(settings)
    await boot.start()
    surfaces = await boot.attach(runtime_api=lambda: _runtime_app(boot, settings))
    await _serve(
        boot,
        [
            Listener(
                "Runtime API", surfaces["runtime_api"], settings.runtime_host, settings.runtime_port
            )
        ],
    )


async def _experience_only(settings: Settings) -> None:
    from symphainy.wiring import remote_experience

    async with remote_experience(settings) as app:
        listener = Listener(
            "Experience service", app, settings.experience_host, settings.experience_port
        )
        await _serve(None, [listener])


async def _workers_only(settings: Settings) -> None:
    boot = Boot(settings)
    await boot.start()
    assert boot.runtime is not None
    assert boot.runtime.worker is not None
    console.print(
        f"worker {boot.runtime.worker.worker_id} running "
        f"({settings.worker_concurrency} at once); Ctrl-C to stop"
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await boot.stop()


def _runtime_app(boot: Boot, settings: Settings) -> Any:
    from symphainy.runtime.api import create_runtime_app

    assert boot.runtime is not None
    return create_runtime_app(boot.runtime, settings)


def _experience_app(boot: Boot, settings: Settings) -> Any:
    from symphainy.wiring import experience_app

    return experience_app(boot)


async def _serve(boot: Boot | None, listeners: list[Listener]) -> None:
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                item.app, host=item.host, port=item.port, log_level="warning", lifespan="off"
            )
        )
        for item in listeners
    ]
    tasks = [asyncio.create_task(s.serve()) for s in servers]
    try:
        await _announce(servers, listeners, tasks)
        await asyncio.gather(*tasks)
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        if boot is not None:
            await boot.stop()


async def _announce(
    servers: list[uvicorn.Server], listeners: list[Listener], tasks: list[asyncio.Task[None]]
) -> None:
    while not all(s.started for s in servers):
        if any(t.done() for t in tasks):
            return  # a server failed to bind; gather() reports it
        await asyncio.sleep(0.05)
    console.print("[bold green]Symphainy is up[/bold green]")
    for item in listeners:
        console.print(f"  {item.name:<20} {item.url}")
    console.print("  Ctrl-C to stop")
