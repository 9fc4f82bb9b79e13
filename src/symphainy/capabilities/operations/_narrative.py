"""Prose for results: only from the reasoning provider, and marked absent without one."""

from __future__ import annotations

from symphainy.capabilities.operations._models import NarrativeStatus
from symphainy.runtime import ExecutionContext


async def narrate(
    ctx: ExecutionContext, prompt_name: str, **variables: object
) -> tuple[str | None, NarrativeStatus]:
    """(prose, "generated") from the reasoning provider, or (None, "absent") without one.

    The deterministic content of a result never depends on this; a configured provider that
    fails raises its typed error rather than silently leaving the prose out.
    """
    text = await ctx.reasoning.narrate(prompt_name, **variables)
    return (text, "generated") if text is not None else (None, "absent")
