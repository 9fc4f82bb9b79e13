"""`symphainy execution signal <id> <name> [--payload JSON]`: send a signal to an execution."""

from __future__ import annotations

import json
from typing import Any

import typer

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run


def signal(
    execution_id: str,
    name: str,
    payload: str | None = typer.Option(None, help="The signal's payload, as JSON."),
    url: str | None = URL,
) -> None:
    """Send a durable signal to a running or waiting execution; print the stored signal."""
    try:
        value: Any = None if payload is None else json.loads(payload)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"--payload is not JSON: {exc}") from None

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.signal(execution_id, name, value)).model_dump_json(indent=2)

    console.print_json(run(go()))
