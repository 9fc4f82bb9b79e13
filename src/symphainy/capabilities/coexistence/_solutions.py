"""Solutions (bundles of journeys and intents): the catalogue, navigation and session context.

Solutions come from `IntentRegistry.solutions()`. Navigation and context live in session
state (`solution:current`, `solution:context:<id>`), so they are the caller's own.
"""

from __future__ import annotations

import time
from typing import Any

from symphainy.capabilities.coexistence import _solution_models as m
from symphainy.contracts import JOURNEY_INTENT
from symphainy.errors import NotFound
from symphainy.runtime import ExecutionContext

CURRENT = "solution:current"


def _context_key(solution_id: str) -> str:
    return f"solution:context:{solution_id}"


def entry(ctx: ExecutionContext, solution: Any) -> m.SolutionEntry:
    """A solution with its journeys described and the intents this caller may run."""
    registry = ctx.catalogue
    anonymous = ctx.anonymous
    journeys = [registry.journey(j) for j in solution.journeys]
    specs = [registry.spec(i) for i in solution.intents]
    realms = sorted({s.realm for s in specs} | {j.realm for j in journeys})
    return m.SolutionEntry(
        solution_id=solution.solution_id,
        name=solution.name,
        description=solution.description,
        realms=realms,
        journeys=[
            m.JourneyEntry(
                journey_id=j.journey_id,
                description=j.description,
                realm=j.realm,
                input_schema=j.describe()["input_schema"],
            )
            for j in journeys
        ],
        intents=list(solution.intents),
        runnable_intents=[s.intent_type for s in specs if s.anonymous_ok or not anonymous],
    )


async def show_solution_catalog(
    ctx: ExecutionContext, p: m.ShowCatalogParams
) -> m.ShowCatalogResult:
    """Every registered solution (optionally only those touching one realm)."""
    entries = [entry(ctx, s) for s in ctx.catalogue.solutions()]
    if p.category is not None:
        entries = [e for e in entries if p.category in e.realms]
    return m.ShowCatalogResult(solutions=entries, count=len(entries))


async def navigate_to_solution(ctx: ExecutionContext, p: m.NavigateParams) -> m.NavigateResult:
    """Open a solution: check it exists, say how to start it, make it the session's current one."""
    target = entry(ctx, ctx.catalogue.solution(p.solution_id))
    await ctx.state.session.set(CURRENT, target.solution_id)
    if target.journeys:
        first = target.journeys[0]
        start, params = JOURNEY_INTENT, {"journey_id": first.journey_id, "journey_params": {}}
    else:
        start, params = (target.runnable_intents or target.intents)[0], {}
    return m.NavigateResult(
        solution=target,
        start_with=start,
        start_parameters=params,
        current_solution_id=target.solution_id,
    )


async def establish_solution_context(
    ctx: ExecutionContext, p: m.EstablishContextParams
) -> m.SolutionContext:
    """Keep the user's goals and the solution's structure for this session."""
    ctx.catalogue.solution(p.solution_id)  # SolutionNotFound for an unknown id
    context = m.SolutionContext(
        solution_id=p.solution_id,
        user_context=p.user_context.hints(),
        solution_structure=p.solution_structure,
        updated_at=time.time(),
    )
    session = ctx.state.session
    await session.set(_context_key(p.solution_id), context.model_dump(mode="json"))
    await session.set(CURRENT, p.solution_id)
    return context


async def get_solution_context(ctx: ExecutionContext, p: m.GetContextParams) -> m.SolutionContext:
    """The context established for a solution in this session (default: the current one)."""
    session = ctx.state.session
    solution_id = p.solution_id or await session.get(CURRENT)
    if not isinstance(solution_id, str):
        raise NotFound("no solution is current in this session; navigate_to_solution first")
    stored = await session.get(_context_key(solution_id))
    if stored is None:
        raise NotFound(f"no context established for solution {solution_id} in this session")
    return m.SolutionContext.model_validate(stored)
