"""`symphainy schedule create|list|show|pause|resume|trigger|delete` (Experience API)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import typer
from pydantic import BaseModel

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run
from symphainy.sdk import HttpSDK

schedule_app = typer.Typer(help="Schedules.", no_args_is_help=True)


def _show(call: Callable[[HttpSDK], Awaitable[BaseModel]], url: str | None) -> None:
    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await call(sdk)).model_dump_json(indent=2)

    console.print_json(run(go()))


@schedule_app.command("create")
def create(
    intent: str | None = typer.Option(None, help="The intent type to submit."),
    journey: str | None = typer.Option(None, help="The journey to trigger instead."),
    params: str = typer.Option("{}", help="Parameters as JSON."),
    cron: str | None = typer.Option(None, help="A cron expression (with --timezone)."),
    timezone: str | None = typer.Option(None, help="IANA time zone for --cron."),
    every: int | None = typer.Option(None, help="Every N seconds."),
    at: datetime | None = typer.Option(None, help="Once, at this time (UTC unless offset)."),
    session: str | None = typer.Option(None, help="Session the runs belong to."),
    overlap: str = typer.Option("skip", help="skip | buffer_one | allow"),
    catchup: str = typer.Option("latest", help="none | latest | all"),
    priority: int = typer.Option(0, help="The runs' priority: higher starts first (-100..100)."),
    url: str | None = URL,
) -> None:
    """Create a schedule; print it."""
    try:
        parameters: dict[str, Any] = json.loads(params)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"--params is not JSON: {exc}") from None
    fields: dict[str, Any] = {
        "intent_type": intent,
        "journey_id": journey,
        "parameters": parameters,
        "cron": cron,
        "timezone": timezone,
        "every_seconds": every,
        "session_id": session,
        "overlap": overlap,
        "catchup": catchup,
        "priority": priority,
        "at": None if at is None else at if at.tzinfo else at.astimezone(),
    }
    _show(lambda sdk: sdk.create_schedule(**fields), url)


@schedule_app.command("list")
def list_schedules(
    status: str | None = typer.Option(None, help="active | paused | completed"),
    url: str | None = URL,
) -> None:
    """The tenant's schedules, one a line."""

    async def go() -> list[Any]:
        out: list[Any] = []
        cursor = None
        async with _sdk(url) as sdk:
            while True:
                page = await sdk.list_schedules(status=status, cursor=cursor)
                out += page.schedules
                if (cursor := page.next_cursor) is None:
                    return out

    for s in run(go()):
        console.print(
            f"{s.schedule_id} [bold]{s.journey_id or s.intent_type}[/bold] "
            f"{_timing(s)} {s.status} next {s.next_due}"
        )


def _timing(s: Any) -> str:
    if s.cron is not None:
        return f"{s.cron} ({s.timezone})"
    if s.every_seconds is not None:
        return f"every {s.every_seconds}s"
    return f"at {s.at}"


@schedule_app.command("show")
def show(schedule_id: str, url: str | None = URL) -> None:
    """One schedule."""
    _show(lambda sdk: sdk.get_schedule(schedule_id), url)


@schedule_app.command("pause")
def pause(schedule_id: str, url: str | None = URL) -> None:
    """Pause a schedule."""
    _show(lambda sdk: sdk.pause_schedule(schedule_id), url)


@schedule_app.command("resume")
def resume(schedule_id: str, url: str | None = URL) -> None:
    """Resume a schedule from its next due time."""
    _show(lambda sdk: sdk.resume_schedule(schedule_id), url)


@schedule_app.command("trigger")
def trigger(schedule_id: str, url: str | None = URL) -> None:
    """Run a schedule now; print the run's execution id."""
    _show(lambda sdk: sdk.trigger_schedule(schedule_id), url)


@schedule_app.command("delete")
def delete(schedule_id: str, url: str | None = URL) -> None:
    """Delete a schedule (its runs stay)."""
    _show(lambda sdk: sdk.delete_schedule(schedule_id), url)
