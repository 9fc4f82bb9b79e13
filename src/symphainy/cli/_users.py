"""`symphainy user create`: an operator command (direct store access) for the first accounts."""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.cli._common import run, settings_from
from symphainy.security import Principal, SecurityGuard
from symphainy.store import open_store

app = typer.Typer(help="Users.", no_args_is_help=True)


@app.command()
def create(
    email: str,
    password: str = typer.Option(..., prompt=True, hide_input=True),
    name: str = typer.Option("Admin"),
    tenant_name: str | None = None,
    api_key: bool = typer.Option(False, help="Also issue an API key for the CLI."),
    database_url: str | None = typer.Option(None),
    home: Path | None = None,
) -> None:
    """Create a tenant with EMAIL as its admin (optionally print an API key for SYMPHAINY_TOKEN)."""
    settings = settings_from(database_url, home)

    async def go() -> tuple[str, str, str | None]:
        async with open_store(settings.resolved_database_url) as store:
            guard = SecurityGuard(store, settings)
            user, tenant = await guard.register(email, password, name, tenant_name)
            key = None
            if api_key:
                admin = Principal(tenant.tenant_id, user.user_id, ("admin",))
                _, key = await guard.create_api_key(admin, "cli", ("admin",))
            return user.user_id, tenant.tenant_id, key

    user_id, tenant_id, key = run(go())
    # Plain echo, not the rich console: these lines are read by scripts, and rich wraps
    # them at the terminal width (80 columns when piped).
    typer.echo(f"user {user_id} is admin of tenant {tenant_id}")
    if key is not None:
        typer.echo(f"SYMPHAINY_TOKEN={key}")
