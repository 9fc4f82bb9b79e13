"""`symphainy docs build`: regenerate docs/intent_contracts/ from the registered intents."""

from __future__ import annotations

from pathlib import Path

import typer

from symphainy.boot import discover
from symphainy.cli._common import console
from symphainy.docs_gen import write_documents
from symphainy.runtime import IntentRegistry

app = typer.Typer(help="Documentation.", no_args_is_help=True)


@app.command()
def build(
    out: Path = typer.Option(Path("docs/intent_contracts"), help="Output directory."),
) -> None:
    """Write one contract per intent plus the obligations index and the experience map."""
    registry = IntentRegistry()
    for register in discover():
        register(registry)
    written = write_documents(registry, out)
    console.print(f"wrote {len(written)} documents under {out}")
