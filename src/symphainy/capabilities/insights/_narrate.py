"""Prose for insights reports from the reasoning provider, when one is configured.

The deterministic report is complete without prose: the model only summarises facts that
were computed (prompt `insights_report`). Without a provider the report says so
(`narrative_status: "absent"`); a configured provider that fails fails the execution,
it never degrades into canned text.
"""

from __future__ import annotations

import json
from typing import Any, Final

from symphainy.runtime import ExecutionContext

PROMPT: Final = "insights_report"
MAX_FACT_CHARS: Final = 12_000


async def narrate(ctx: ExecutionContext, report_kind: str, facts: Any) -> dict[str, Any]:
    """`{narrative, narrative_status}` for a report, from its key facts."""
    text = json.dumps(facts, sort_keys=True, default=str)
    if len(text) > MAX_FACT_CHARS:
        # Bounded so one wide table cannot blow the model's context; the cut is stated.
        text = text[:MAX_FACT_CHARS] + " … (facts truncated)"
    narrative = await ctx.reasoning.narrate(PROMPT, report_kind=report_kind, facts=text)
    status = "absent" if narrative is None else "generated"
    return {"narrative": narrative, "narrative_status": status}
