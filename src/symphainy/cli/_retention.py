"""`symphainy retention policy|set|hold|release|holds|run`: a tenant admin's retention commands.

They are SDK clients like the console: the tenant is the signed-in admin's, never an argument.
"""

from __future__ import annotations

import typer

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run

app = typer.Typer(help="Retention: policy, legal holds and runs (admins).", no_args_is_help=True)
KIND = typer.Argument(..., help="execution or artifact")
TARGET = typer.Argument(..., help="The execution or artifact id.")


@app.command()
def policy(url: str | None = URL) -> None:
    """Show the tenant's effective retention policy."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.get_retention_policy()).model_dump_json(indent=2)

    console.print_json(run(go()))


@app.command("set")
def set_policy(
    execution_days: int | None = typer.Option(None, help="Days finished executions are kept."),
    artifact_days: int | None = typer.Option(None, help="Days artifacts without a contract stay."),
    wal_days: int | None = typer.Option(None, help="Days WAL entries are kept."),
    url: str | None = URL,
) -> None:
    """Set the tenant's policy (an option left out takes the platform default)."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            view = await sdk.set_retention_policy(execution_days, artifact_days, wal_days)
            return view.model_dump_json(indent=2)

    console.print_json(run(go()))


@app.command()
def hold(
    kind: str = KIND,
    target_id: str = TARGET,
    reason: str = typer.Option(..., help="Why (kept in the hold and the WAL)."),
    url: str | None = URL,
) -> None:
    """Place a legal hold: retention keeps the execution or artifact until released."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.place_legal_hold(kind, target_id, reason)).model_dump_json(indent=2)

    console.print_json(run(go()))


@app.command()
def release(kind: str = KIND, target_id: str = TARGET, url: str | None = URL) -> None:
    """Release a legal hold."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.release_legal_hold(kind, target_id)).model_dump_json(indent=2)

    console.print_json(run(go()))


@app.command()
def holds(url: str | None = URL) -> None:
    """List the tenant's legal holds."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.list_legal_holds()).model_dump_json(indent=2)

    console.print_json(run(go()))


@app.command("run")
def run_now(
    dry_run: bool = typer.Option(False, help="Count what would be removed; remove nothing."),
    wait: float = typer.Option(60.0, help="Seconds to wait for a real run to finish."),
    url: str | None = URL,
) -> None:
    """Run retention now: a dry run prints the counts, a real run waits for its execution."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            view = await sdk.run_retention(dry_run=dry_run)
            if view.execution_id is None:
                return view.model_dump_json(indent=2)
            done = await sdk.get_execution(view.execution_id, wait=wait)
            return done.model_dump_json(include={"execution_id", "status", "result", "error"})

    console.print_json(run(go()))
