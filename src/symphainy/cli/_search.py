"""`execution list` and `artifact list`: the search operations, with their filters as options.

`--attr key=value` (repeated) filters by search attributes (see `_attrs` for their types).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import typer

from symphainy.cli._attrs import ATTR, attributes
from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run

artifact_app = typer.Typer(help="Artifacts.", no_args_is_help=True)
LIMIT = typer.Option(50, help="Rows per page (1..1000).")
CURSOR = typer.Option(None, help="Resume after a page (its printed next cursor).")
AFTER = typer.Option(None, help="Created at or after this RFC 3339 time (with an offset).")
BEFORE = typer.Option(None, help="Created before this RFC 3339 time (with an offset).")
AS_JSON = typer.Option(False, "--json", help="Print the page as JSON.")
EXCLUDE_ATTR = typer.Option(
    None, help="Leave out executions carrying this key=value (repeatable; typed as --attr)."
)
TOP_LEVEL = typer.Option(
    None, "--top-level/--children", help="Only executions no parent started / only children."
)


def _given(**filters: Any) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if v is not None}


def list_executions(
    status: str | None = typer.Option(None, help="created|scheduled|running|waiting|…"),
    intent_type: str | None = typer.Option(None, help="Only this intent type."),
    intent_version: int | None = typer.Option(None, help="Only this intent version."),
    user: str | None = typer.Option(None, help="Only this submitter (user id)."),
    session: str | None = typer.Option(None, help="Only this session."),
    schedule: str | None = typer.Option(None, help="Only this schedule's runs."),
    parent: str | None = typer.Option(None, help="Only this execution's children."),
    error_type: str | None = typer.Option(None, help="A failure's problem type (short name)."),
    created_after: str | None = AFTER,
    created_before: str | None = BEFORE,
    finished_after: str | None = typer.Option(None, help="Finished at or after this time."),
    finished_before: str | None = typer.Option(None, help="Finished before this time."),
    attr: list[str] | None = ATTR,
    exclude_attr: list[str] | None = EXCLUDE_ATTR,
    id_prefix: str | None = typer.Option(None, help="Ids starting with this."),
    top_level: bool | None = TOP_LEVEL,
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
    as_json: bool = AS_JSON,
    url: str | None = URL,
) -> None:
    """Executions matching every filter given, newest first, one a line."""
    filters = _given(
        status=status,
        intent_type=intent_type,
        intent_version=intent_version,
        user_id=user,
        session_id=session,
        schedule_id=schedule,
        parent_execution_id=parent,
        error_type=error_type,
        created_after=created_after,
        created_before=created_before,
        finished_after=finished_after,
        finished_before=finished_before,
        search_attributes=attributes(attr),
        exclude_attributes=attributes(exclude_attr),
        id_prefix=id_prefix,
        top_level=top_level,
    )
    _print_page(
        lambda sdk: sdk.list_executions(**filters, limit=limit, cursor=cursor),
        url,
        as_json,
        lambda page: page.executions,
        lambda e: f"{e.execution_id} [bold]{e.intent_type}[/bold] {e.status} {e.created_at}",
    )


@artifact_app.command("list")
def list_artifacts(
    artifact_type: str | None = typer.Option(None, "--type", help="Only this artifact type."),
    state: str | None = typer.Option(None, help="PENDING|READY|FAILED|ARCHIVED|DELETED"),
    execution: str | None = typer.Option(None, help="Produced by this execution."),
    intent_type: str | None = typer.Option(None, help="Produced by this intent type."),
    session: str | None = typer.Option(None, help="Only this session's."),
    name_prefix: str | None = typer.Option(None, help="Names starting with this."),
    name_contains: str | None = typer.Option(None, help="Names containing this."),
    created_after: str | None = AFTER,
    created_before: str | None = BEFORE,
    limit: int = LIMIT,
    cursor: str | None = CURSOR,
    as_json: bool = AS_JSON,
    url: str | None = URL,
) -> None:
    """Artifacts matching every filter given, newest first, one a line."""
    filters = _given(
        artifact_type=artifact_type,
        lifecycle_state=state,
        execution_id=execution,
        produced_by_intent=intent_type,
        session_id=session,
        name_prefix=name_prefix,
        name_contains=name_contains,
        created_after=created_after,
        created_before=created_before,
    )
    _print_page(
        lambda sdk: sdk.list_artifacts(**filters, limit=limit, cursor=cursor),
        url,
        as_json,
        lambda page: page.artifacts,
        lambda a: (
            f"{a.artifact_id} [bold]{a.artifact_type}[/bold] {a.lifecycle_state} {a.created_at}"
        ),
    )


def _print_page(
    fetch: Callable[[Any], Awaitable[Any]],
    url: str | None,
    as_json: bool,
    rows: Callable[[Any], list[Any]],
    line: Callable[[Any], str],
) -> None:
    """Fetch one page with the SDK; print it as JSON, or a line per row and a footer."""

    async def go() -> Any:
        async with _sdk(url) as sdk:
            return await fetch(sdk)

    page = run(go())
    if as_json:
        console.print_json(page.model_dump_json())
        return
    shown = rows(page)
    for row in shown:
        console.print(line(row))
    more = f"; next: --cursor {page.next_cursor}" if page.next_cursor else ""
    console.print(f"{len(shown)} of {page.total}{more}")
