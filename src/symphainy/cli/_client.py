"""SDK-client commands (Experience API): `intent list|show|submit`, `execution show|watch`."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.progress import Progress

from symphainy.cli._attrs import ATTR, attributes
from symphainy.cli._common import console, run, settings_from
from symphainy.cli._timeline import history, timeline
from symphainy.contracts import ExecutionEvent, ExecutionView
from symphainy.errors import AuthenticationRequired, InvalidRequest
from symphainy.sdk import HttpSDK

intent_app = typer.Typer(help="Intents.", no_args_is_help=True)
execution_app = typer.Typer(help="Executions.", no_args_is_help=True)
URL = typer.Option(None, "--url", help="Experience service (default: SYMPHAINY_EXPERIENCE_URL).")


def _sdk(url: str | None) -> HttpSDK:
    settings = settings_from()
    token = settings.token.get_secret_value()
    if not token:
        raise AuthenticationRequired("set SYMPHAINY_TOKEN to an access token or API key")
    return HttpSDK(url or settings.experience_url, token)


@intent_app.command("list")
def list_intents(url: str | None = URL) -> None:
    """The intent catalogue."""

    async def go() -> list[Any]:
        async with _sdk(url) as sdk:
            return await sdk.list_intents()

    for contract in run(go()):
        versions = ", ".join(map(str, contract.versions))
        console.print(
            f"[bold]{contract.intent_type}[/bold] v{contract.version} ({contract.realm}) "
            f"{contract.description}"
            + (f" [versions {versions}]" if len(contract.versions) > 1 else "")
        )


VERSION = typer.Option(None, "--version", help="A registered version (default: the newest).")


@intent_app.command("show")
def show_intent(intent_type: str, version: int | None = VERSION, url: str | None = URL) -> None:
    """One intent's contract: its version, parameter and result JSON Schemas and its policy."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.get_intent(intent_type, version)).model_dump_json(indent=2)

    console.print_json(run(go()))


@intent_app.command("submit")
def submit(
    intent_type: str,
    params: str = typer.Option("{}", help="Parameters as JSON."),
    session: str | None = typer.Option(None, help="Session id (default: a new one)."),
    wait: bool = typer.Option(False, help="Follow the execution to its end."),
    not_before: str | None = typer.Option(
        None, help="Start no earlier than this RFC 3339 time with an offset (status scheduled)."
    ),
    version: int | None = VERSION,
    priority: int = typer.Option(0, help="Higher starts first (-100..100)."),
    attr: list[str] | None = ATTR,
    url: str | None = URL,
) -> None:
    """Submit an intent; print its execution id (and, with --wait, its result)."""
    try:
        parameters = json.loads(params)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"--params is not JSON: {exc}") from None

    async def go() -> None:
        async with _sdk(url) as sdk:
            sid = session or (await sdk.create_session()).session_id
            sub = await sdk.invoke_intent(
                intent_type,
                parameters,
                sid,
                not_before=not_before,
                intent_version=version,
                priority=priority,
                search_attributes=attributes(attr),
            )
            when = f", not before {not_before}" if not_before else ""
            console.print(f"execution {sub.execution_id} accepted (session {sid}{when})")
            if wait:
                await _watch(sdk, sub.execution_id)

    run(go())


@execution_app.command("show")
def show(execution_id: str, url: str | None = URL) -> None:
    """An execution's status, result or error."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.get_execution(execution_id, True)).model_dump_json(indent=2)

    console.print_json(run(go()))


@execution_app.command("events")
def events(execution_id: str, url: str | None = URL) -> None:
    """An execution's timeline after the fact: every event, in order, and its timings."""

    async def go() -> tuple[ExecutionView, list[ExecutionEvent]]:
        async with _sdk(url) as sdk:
            view = await sdk.get_execution(execution_id)
            return view, [e async for e in history(sdk, execution_id)]

    view, found = run(go())
    for line in timeline(view, found):
        console.print(line, markup=False, highlight=False)


@execution_app.command("cancel")
def cancel(execution_id: str, url: str | None = URL) -> None:
    """Cancel an execution (a scheduled one then never runs)."""

    async def go() -> str:
        async with _sdk(url) as sdk:
            return (await sdk.cancel(execution_id)).status

    console.print(f"execution {execution_id}: {run(go())}")


@execution_app.command("watch")
def watch(execution_id: str, url: str | None = URL) -> None:
    """Follow an execution live: progress, events, and the outcome."""

    async def go() -> None:
        async with _sdk(url) as sdk:
            # Asked first: the event stream retries a dropped connection without end, so an
            # unknown execution or an unreachable server must fail here.
            await sdk.get_execution(execution_id)
            await _watch(sdk, execution_id)

    run(go())


async def _watch(sdk: HttpSDK, execution_id: str) -> None:
    with Progress(console=console) as progress:
        bar = progress.add_task(execution_id, total=100)
        async for event in sdk.subscribe(execution_id):
            if "percent" in event.data:
                progress.update(bar, completed=float(event.data["percent"]))
            progress.console.print(f"{event.seq:>4} {event.kind}")
        progress.update(bar, completed=100)
    view = await sdk.get_execution(execution_id)
    if view.status != "completed":
        detail = view.error.detail if view.error else view.status
        raise InvalidRequest(f"execution {view.status}: {detail}")
    console.print_json(json.dumps(view.result))
