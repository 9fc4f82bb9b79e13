"""The typer application: noun-verb commands."""

from __future__ import annotations

import typer

from symphainy.cli import _db, _serve, _wal

app = typer.Typer(help="Symphainy: a governed intent-execution platform.", no_args_is_help=True)
app.command("up")(_serve.up)
app.command("runtime")(_serve.runtime)
app.command("experience")(_serve.experience)
app.command("worker")(_serve.worker)
app.add_typer(_db.app, name="db")
app.add_typer(_wal.app, name="wal")


def main() -> None:
    """Console-script entry point."""
    app()
