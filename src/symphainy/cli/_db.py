"""`symphainy db migrate|status|backup|restore`: operator commands with direct store access."""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.cli import _backup
from symphainy.cli._common import console, reported, run, settings_from
from symphainy.store import open_store

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command()
def migrate(
    database_url: str | None = typer.Option(None, help="Store URL (default: embedded)."),
    home: Path | None = typer.Option(None),
) -> None:
    """Apply pending migrations."""
    settings = settings_from(database_url, home)

    async def go() -> tuple[str | None, str | None]:
        async with open_store(settings.resolved_database_url) as store:
            return await store.migration_status()

    current, head = run(go())
    console.print(f"database at {current} (head {head})")


@app.command()
def status(database_url: str | None = typer.Option(None), home: Path | None = None) -> None:
    """Show the current and expected migration."""
    settings = settings_from(database_url, home)

    async def go() -> tuple[str | None, str | None]:
        store = open_store(settings.resolved_database_url, migrate=False)
        await store.open()
        try:
            return await store.migration_status()
        finally:
            await store.close()

    current, head = run(go())
    console.print(
        f"current {current}, head {head}: {'up to date' if current == head else 'behind'}"
    )
    if current != head:
        raise typer.Exit(code=1)


PG_BIN = typer.Option(None, help="Directory of pg_dump / pg_restore (default: PATH).")


@app.command()
def backup(
    dest: Path = typer.Argument(..., help="A new or empty directory to write the backup into."),
    database_url: str | None = typer.Option(None, help="Store URL (default: embedded)."),
    home: Path | None = typer.Option(None),
    pg_bin: Path | None = PG_BIN,
) -> None:
    """Back up the store, blobs and secret; the manifest signs each tenant's WAL head."""
    settings = settings_from(database_url, home)
    with reported():
        manifest = _backup.backup(settings, dest, pg_bin)
    console.print(
        f"backed up {manifest['store']} at {manifest['revision']}: "
        f"{len(manifest['checkpoints'])} tenant chains, {len(manifest['files'])} files, to {dest}",
        soft_wrap=True,
    )


@app.command()
def restore(
    src: Path = typer.Argument(..., help="A directory written by `db backup`."),
    database_url: str | None = typer.Option(None, help="Empty target store (default: embedded)."),
    home: Path | None = typer.Option(None),
    pg_bin: Path | None = PG_BIN,
) -> None:
    """Restore a backup into an empty store and blob directory; verify every tenant's chain."""
    settings = settings_from(database_url, home)
    with reported():
        chains = _backup.restore(settings, src, pg_bin)
    broken = sorted(t for t, ok in chains.items() if not ok)
    for tenant in broken:
        console.print(f"[red]broken[/red] WAL of {tenant} does not reach its backed-up head")
    if broken:
        raise typer.Exit(code=1)
    console.print(f"restored; {len(chains)} tenant chains intact to their backed-up heads")
