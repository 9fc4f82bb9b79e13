"""Shared CLI plumbing: settings from flags and environment, logging, async entry."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import typer
from rich.console import Console
from rich.markup import escape

from symphainy.config import Settings
from symphainy.errors import SymphainyError
from symphainy.observability import annotate_handlers

T = TypeVar("T")
console = Console()
err_console = Console(stderr=True)
# Every server a CLI command calls is the Experience service (`--url` on those commands).
SERVER_HINT = "set SYMPHAINY_EXPERIENCE_URL or --url"


def settings_from(
    database_url: str | None = None, home: Path | None = None, **overrides: Any
) -> Settings:
    """Settings from the environment, with command-line flags taking precedence."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if database_url is not None:
        values["database_url"] = database_url
    if home is not None:
        values["home"] = home
    return Settings(**values)


def setup_logging(verbose: bool = False) -> None:
    """Plain, timestamped logs on stderr; inside an execution they name it and its trace."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO)
    annotate_handlers(logging.getLogger())


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; print a SymphainyError or an unreachable server as one line, exit 1."""
    with reported():
        return asyncio.run(coro)


@contextmanager
def reported() -> Iterator[None]:
    """Turn a SymphainyError or an unreachable server into one line on stderr and exit 1."""
    try:
        yield
    except SymphainyError as exc:
        # One line whatever the width; the detail is text, not rich markup.
        line = f"[red]error[/red] ({exc.problem_type}): {escape(exc.detail)}"
        err_console.print(line, soft_wrap=True)
        raise typer.Exit(code=1) from None
    except httpx.TransportError as exc:
        # Plain text, unwrapped: the line names the URL and the setting, whatever the width.
        typer.echo(f"cannot reach {_url_of(exc)}: {_reason(exc)}; {SERVER_HINT}", err=True)
        raise typer.Exit(code=1) from None


def _url_of(exc: httpx.TransportError) -> str:
    try:
        url = exc.request.url
    except RuntimeError:  # raised by httpx when the error carries no request
        return "the server"
    return str(url.copy_with(query=None, fragment=None))


def _reason(exc: httpx.TransportError) -> str:
    """The operating system's words for the failure (connection refused, unknown host...)."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    root: BaseException = exc
    for _ in range(10):  # bounded: cause chains are short, and may in theory loop
        nxt = root.__cause__ or root.__context__
        if nxt is None:
            break
        root = nxt
    if isinstance(root, socket.gaierror) and root.strerror:
        return root.strerror
    if isinstance(root, OSError) and root.errno:
        return os.strerror(root.errno)
    return str(exc) or type(exc).__name__
