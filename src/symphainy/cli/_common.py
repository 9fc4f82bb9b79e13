"""Shared CLI plumbing: settings from flags and environment, logging, async entry."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from symphainy.config import Settings
from symphainy.errors import SymphainyError

T = TypeVar("T")
console = Console()
err_console = Console(stderr=True)


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
    """Plain, timestamped logs on stderr."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; print a SymphainyError as one clear line and exit non-zero."""
    try:
        return asyncio.run(coro)
    except SymphainyError as exc:
        err_console.print(f"[red]error[/red] ({exc.problem_type}): {exc.detail}")
        raise typer.Exit(code=1) from None
