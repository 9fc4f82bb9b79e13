"""`symphainy docs build`: regenerate the documents that come from the code."""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.boot import build_registry
from symphainy.cli._common import console, err_console
from symphainy.docs_gen import write_documents
from symphainy.errors import SymphainyError

app = typer.Typer(help="Documentation.", no_args_is_help=True)


@app.command()
def build(
    root: Path = typer.Option(Path("."), help="Repository root (holds docs/, src/, tests/)."),
) -> None:
    """Intent contracts, indexes, the vision summary and the architecture docs' sections."""
    registry = build_registry()
    try:
        written = write_documents(registry, root)
    except SymphainyError as exc:
        err_console.print(f"[red]error[/red] ({exc.problem_type}): {exc.detail}")
        raise typer.Exit(code=1) from None
    console.print(f"wrote {len(written)} documents under {root / 'docs'}")
