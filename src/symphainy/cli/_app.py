"""The typer application: noun-verb commands."""

from __future__ import annotations

import typer

from symphainy.cli import (
    _batch,
    _client,
    _db,
    _docs,
    _limits,
    _mcp,
    _quotas,
    _retention,
    _retries,
    _schedules,
    _search,
    _serve,
    _signal,
    _users,
    _wal,
)

app = typer.Typer(help="Symphainy: a governed intent-execution platform.", no_args_is_help=True)
app.command("up")(_serve.up)
app.command("runtime")(_serve.runtime)
app.command("experience")(_serve.experience)
app.command("worker")(_serve.worker)
app.command("mcp")(_mcp.mcp)
app.add_typer(_db.app, name="db")
app.add_typer(_wal.app, name="wal")
app.add_typer(_retention.app, name="retention")
app.add_typer(_users.app, name="user")
app.add_typer(_docs.app, name="docs")
_client.intent_app.command("submit-batch")(_batch.submit_batch)
app.add_typer(_client.intent_app, name="intent")
_client.execution_app.command("signal")(_signal.signal)
app.add_typer(_client.execution_app, name="execution")
app.add_typer(_schedules.schedule_app, name="schedule")
app.add_typer(_quotas.quota_app, name="quota")
app.add_typer(_limits.limit_app, name="limit")
_client.execution_app.command("retry")(_retries.retry)
_client.execution_app.command("list")(_search.list_executions)
app.add_typer(_search.artifact_app, name="artifact")


def main() -> None:
    """Console-script entry point."""
    app()
