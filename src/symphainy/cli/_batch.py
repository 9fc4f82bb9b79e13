"""`intent submit-batch`: submit the intents of a JSON Lines file, in batches of `--chunk`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run
from symphainy.contracts import SubmittedIntent


def submit_batch(
    source: str = typer.Argument(..., help="A JSON Lines file of submit bodies ('-': stdin)."),
    chunk: int = typer.Option(
        500, min=1, help="Intents per request (at most the server's max_submit_batch)."
    ),
    url: str | None = URL,
) -> None:
    """Submit many intents: one line per intent, each a submit body.

    A line is what `POST /api/intent/submit` takes ({"intent_type": ..., "parameters": {...},
    "session_id": ..., "idempotency_key": ...}). Prints one line per intent (its execution id,
    or why it was refused) and exits 1 if any was refused; give each line an idempotency_key
    to resubmit the file safely.
    """
    items = _read(source)
    results: list[SubmittedIntent] = []

    async def go() -> None:
        async with _sdk(url) as sdk:
            for start in range(0, len(items), chunk):
                answer = await sdk.invoke_intents(items[start : start + chunk])
                # Printed as each request is answered: if a later one fails, what the earlier
                # ones recorded is already on screen.
                for line, result in enumerate(answer.results, start=start + 1):
                    console.print(_describe(line, result), markup=False, highlight=False)
                results.extend(answer.results)

    run(go())
    refused = sum(1 for r in results if r.problem is not None)
    console.print(f"{len(results) - refused} accepted, {refused} refused")
    if refused:
        raise typer.Exit(code=1)


def _read(source: str) -> list[dict[str, Any]]:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    items: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"line {number} is not JSON: {exc}") from None
        if not isinstance(item, dict):
            raise typer.BadParameter(f"line {number} is not a JSON object")
        items.append(item)
    if not items:
        raise typer.BadParameter("no intents: the file has no lines")
    return items


def _describe(line: int, result: SubmittedIntent) -> str:
    if result.problem is not None:
        return f"{line}: refused: {result.problem.title}: {result.problem.detail}"
    again = " (deduplicated)" if result.deduplicated else ""
    return f"{line}: execution {result.execution_id} accepted{again}"
