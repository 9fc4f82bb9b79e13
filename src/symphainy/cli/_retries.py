"""`execution retry`: re-run one failed or cancelled execution, or every failed one matching."""

from __future__ import annotations

import typer

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run


def retry(
    execution_id: str | None = typer.Argument(None, help="The execution to re-run."),
    from_step: str | None = typer.Option(None, help="A journey: rerun from this step."),
    failed: bool = typer.Option(False, "--failed", help="Retry every failed execution matching."),
    intent_type: str | None = typer.Option(None, help="With --failed: only this intent type."),
    since: str | None = typer.Option(None, help="With --failed: failed at or after (ISO 8601)."),
    until: str | None = typer.Option(None, help="With --failed: failed before (ISO 8601)."),
    limit: int | None = typer.Option(None, help="With --failed: at most this many."),
    dry_run: bool = typer.Option(False, help="With --failed: count and list, submit nothing."),
    url: str | None = URL,
) -> None:
    """Re-run an execution as a new one linked to it; a journey resumes from its failed step."""
    bulk = {"intent_type": intent_type, "since": since, "until": until, "limit": limit}
    if failed == (execution_id is not None):
        raise typer.BadParameter("give an execution id or --failed (not both)")
    if failed and from_step is not None:
        raise typer.BadParameter("--from-step retries one journey: give its execution id")
    if not failed and (dry_run or any(v is not None for v in bulk.values())):
        raise typer.BadParameter(
            "--intent-type, --since, --until, --limit, --dry-run need --failed"
        )
    if execution_id is not None:
        _retry_one(execution_id, from_step, url)
    else:
        _retry_failed({k: v for k, v in bulk.items() if v is not None}, dry_run, url)


def _retry_one(execution_id: str, from_step: str | None, url: str | None) -> None:
    async def go() -> str:
        async with _sdk(url) as sdk:
            view = await sdk.retry_execution(execution_id, from_step=from_step)
            return view.execution_id

    console.print(f"execution {run(go())} accepted (retry of {execution_id})")


def _retry_failed(filters: dict[str, object], dry_run: bool, url: str | None) -> None:
    async def go() -> str:
        async with _sdk(url) as sdk:
            result = await sdk.retry_failed(**filters, dry_run=dry_run)
            return result.model_dump_json(indent=2)

    console.print_json(run(go()))
