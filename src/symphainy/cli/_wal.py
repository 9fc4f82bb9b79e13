"""`symphainy wal verify`: walk a tenant's hash chain (operator command, direct store access)."""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.cli._common import console, run, settings_from
from symphainy.contracts import WalVerification
from symphainy.runtime import Wal
from symphainy.store import open_store

app = typer.Typer(help="Write-ahead log.", no_args_is_help=True)


@app.command()
def verify(
    tenant: str = typer.Argument(..., help="Tenant id whose chain to verify."),
    database_url: str | None = typer.Option(None),
    home: Path | None = None,
) -> None:
    """Verify a tenant's WAL chain; exit 1 and name the first broken link if it is not intact."""
    settings = settings_from(database_url, home)

    async def go() -> WalVerification:
        async with open_store(settings.resolved_database_url) as store:
            return await Wal(store).verify(tenant)

    result = run(go())
    if result.valid:
        console.print(
            f"[green]intact[/green]: {result.entries_checked} entries, head {result.head_seq}"
        )
        return
    console.print(f"[red]broken[/red] at seq {result.first_broken_seq}: {result.reason}")
    raise typer.Exit(code=1)
