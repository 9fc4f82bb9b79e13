"""Prose for results: only from the reasoning provider, and marked absent without one."""

from __future__ import annotations

from typing import Literal

from symphainy.runtime import ExecutionContext

NarrativeStatus = Literal["present", "absent"]


async def narrate(
    ctx: ExecutionContext, prompt_name: str, **variables: object
) -> tuple[str | None, NarrativeStatus]:
    """(prose, "present") from the reasoning provider, or (None, "absent").

    The platform has no reasoning provider yet, so results say their narrative is absent
    rather than inventing prose; the deterministic content never depends on it.
    """
    del ctx, prompt_name, variables
    return None, "absent"
