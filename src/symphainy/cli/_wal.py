"""`symphainy wal verify|checkpoint`: a tenant's hash chain (operator commands, store access).

A plain `verify` proves the chain is internally consistent, which a cut-off tail still is. A
checkpoint (`wal checkpoint`, kept by the operator outside the database) anchors the head at
one moment; `verify --since CHECKPOINT` then also proves nothing up to that head was removed.
Both sign and check with the service secret (SYMPHAINY_SERVICE_SECRET, else
`home/service_secret`), so run them with the same settings as the Runtime.
"""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.cli._common import console, reported, run, settings_from
from symphainy.contracts import WalVerification
from symphainy.runtime import Wal, read_wal_checkpoint
from symphainy.security import load_or_create_service_secret
from symphainy.store import open_store

app = typer.Typer(help="Write-ahead log.", no_args_is_help=True)
TENANT = typer.Argument(..., help="Tenant id whose chain to use.")
DATABASE_URL = typer.Option(None, help="Database (default: SYMPHAINY_DATABASE_URL).")
HOME = typer.Option(None, help="Platform home (default: SYMPHAINY_HOME).")


@app.command()
def verify(
    tenant: str = TENANT,
    since: str | None = typer.Option(
        None, "--since", help="A checkpoint from `wal checkpoint`: also detect a cut-off tail."
    ),
    database_url: str | None = DATABASE_URL,
    home: Path | None = HOME,
) -> None:
    """Verify a tenant's WAL chain; exit 1 and name the first broken link if it is not intact."""
    settings = settings_from(database_url, home)
    anchor = None
    with reported():  # a forged or malformed checkpoint: one clear line, exit 1
        secret = load_or_create_service_secret(settings)
        if since is not None:
            anchor = read_wal_checkpoint(secret, since)

    async def go() -> WalVerification:
        async with open_store(settings.resolved_database_url) as store:
            return await Wal(store, secret).verify(tenant, since=anchor)

    result = run(go())
    if not result.valid:
        reason = f"at seq {result.first_broken_seq}: {result.reason}"
        console.print(f"[red]broken[/red] {reason}", soft_wrap=True)
        raise typer.Exit(code=1)
    reached = "" if anchor is None else f"; reaches checkpoint seq {anchor.seq} unchanged"
    compacted = f", from compaction anchor seq {result.anchor_seq}" if result.anchor_seq else ""
    summary = f"{result.entries_checked} entries{compacted}, head {result.head_seq}{reached}"
    # soft_wrap: a verdict stays one greppable line, whatever the terminal width.
    console.print(f"[green]intact[/green]: {summary}", soft_wrap=True)


@app.command()
def checkpoint(
    tenant: str = TENANT,
    database_url: str | None = DATABASE_URL,
    home: Path | None = HOME,
) -> None:
    """Verify the chain, then print a signed checkpoint of its head (one line) to keep safe."""
    settings = settings_from(database_url, home)
    with reported():
        secret = load_or_create_service_secret(settings)

    async def go() -> str:
        async with open_store(settings.resolved_database_url) as store:
            return (await Wal(store, secret).checkpoint(tenant, secret)).checkpoint

    # Plain echo: the token must stay one line whatever the terminal width.
    typer.echo(run(go()))
