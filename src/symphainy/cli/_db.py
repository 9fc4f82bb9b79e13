"""`symphainy db migrate|status`: schema migrations (operator commands, direct store access)."""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.cli._common import console, run, settings_from
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
