"""`symphainy user create`: an operator command (direct store access) to create accounts."""

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
    name: str | None = typer.Option(None, help="Display name (default: EMAIL before the @)."),
    tenant_name: str | None = typer.Option(None, help="Name of the new tenant."),
    tenant: str | None = typer.Option(
        None, help="Join this existing tenant (its id) instead of creating one."
    ),
    role: str | None = typer.Option(
        None,
        help="viewer | member | admin (with --tenant; default member). A new tenant's "
        "first user is always its admin.",
    ),
    api_key: bool = typer.Option(False, help="Also issue an API key with the user's role."),
    database_url: str | None = typer.Option(None),
    home: Path | None = None,
) -> None:
    """Create a tenant with EMAIL as its admin, or add EMAIL to `--tenant` with `--role`.

    With `--api-key`, also print an API key (for SYMPHAINY_TOKEN) carrying the user's role.
    """
    if tenant is None and role is not None:
        raise typer.BadParameter("--role applies with --tenant (a new tenant's user is its admin)")
    if tenant is not None and tenant_name is not None:
        raise typer.BadParameter("--tenant-name names a new tenant; it cannot go with --tenant")
    settings = settings_from(database_url, home)

    async def go() -> tuple[str, str, str, str | None]:
        async with open_store(settings.resolved_database_url) as store:
            guard = SecurityGuard(store, settings)
            if tenant is None:
                display = name or email.split("@", 1)[0]
                user, made = await guard.register(email, password, display, tenant_name)
                tenant_id, granted = made.tenant_id, "admin"
            else:
                # The operator acts as the tenant's admin: no credential, audited as `operator`.
                operator = Principal(tenant, None, ("admin",))
                granted = role or "member"
                user = await guard.create_user(operator, email, password, granted, name)
                tenant_id = tenant
            key = None
            if api_key:
                operator = Principal(tenant_id, None, ("admin",))
                _, key = await guard.create_api_key(operator, "cli", (granted,))
            return user.user_id, tenant_id, granted, key

    user_id, tenant_id, granted, key = run(go())
    # Plain echo, not the rich console: these lines are read by scripts, and rich wraps
    # them at the terminal width (80 columns when piped).
    typer.echo(f"user {user_id} is {granted} of tenant {tenant_id}")
    if key is not None:
        typer.echo(f"SYMPHAINY_TOKEN={key}")
