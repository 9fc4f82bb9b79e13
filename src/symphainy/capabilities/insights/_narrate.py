"""Prose for insights reports, from the reasoning provider when the platform has one.

The deterministic report is complete without prose. Until a reasoning provider is wired
into the ExecutionContext, every report says so (`narrative_status: "absent"`) rather
than carrying canned text.
"""

from __future__ import annotations

from typing import Any

from symphainy.runtime import ExecutionContext


async def narrate(ctx: ExecutionContext, prompt: str, **variables: Any) -> dict[str, Any]:
    """`{narrative, narrative_status}` for a report; absent while no provider exists."""
    del ctx, prompt, variables  # read once the reasoning provider lands (see module docstring)
    return {"narrative": None, "narrative_status": "absent"}
