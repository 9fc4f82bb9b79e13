"""`symphainy limit list|set|clear`: running limits per intent type (Experience API)."""

from __future__ import annotations

import typer

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run
from symphainy.contracts._limits import ConcurrencyLimitView

limit_app = typer.Typer(help="Running limits per intent type.", no_args_is_help=True)


def _line(v: ConcurrencyLimitView) -> str:
    effective = "unlimited" if v.effective is None else str(v.effective)
    return (
        f"[bold]{v.intent_type}[/bold] {effective} "
        f"(registered {v.registered}, override {v.override})"
    )


@limit_app.command("list")
def list_limits(url: str | None = URL) -> None:
    """The tenant's limits: registered and overridden, one intent type a line."""

    async def go() -> list[ConcurrencyLimitView]:
        async with _sdk(url) as sdk:
            return await sdk.list_concurrency_limits()

    for view in run(go()):
        console.print(_line(view))


def _set(intent_type: str, max_running: int | None, url: str | None) -> None:
    async def go() -> ConcurrencyLimitView:
        async with _sdk(url) as sdk:
            return await sdk.set_concurrency_limit(intent_type, max_running)

    console.print(_line(run(go())))


@limit_app.command("set")
def set_limit(intent_type: str, max_running: int, url: str | None = URL) -> None:
    """Let at most MAX_RUNNING of INTENT_TYPE run at once for the tenant (admins)."""
    _set(intent_type, max_running, url)


@limit_app.command("clear")
def clear_limit(intent_type: str, url: str | None = URL) -> None:
    """Remove the tenant's override: the registered limit applies again (admins)."""
    _set(intent_type, None, url)
