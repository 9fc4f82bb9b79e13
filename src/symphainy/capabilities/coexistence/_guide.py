"""The guide agent: answers from the intent catalogue.

Conversations live in session state (`guide:<id>`), so they survive a worker restart and are
scoped to the caller's tenant and session. Retrieval is deterministic; a configured reasoning
provider only turns the retrieved entries into prose.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from symphainy.capabilities.coexistence import _catalogue as cat
from symphainy.capabilities.coexistence import _models as m
from symphainy.errors import NotFound
from symphainy.runtime import ExecutionContext

MAX_TURNS = 50


def _key(guide_session_id: str) -> str:
    return f"guide:{guide_session_id}"


def _specs(ctx: ExecutionContext) -> list[Any]:
    anonymous = ctx.services.identity.is_anonymous(ctx.tenant_id)
    return cat.runnable(ctx.services.registry, anonymous)


async def initiate_guide_agent(
    ctx: ExecutionContext, p: m.InitiateGuideParams
) -> m.InitiateGuideResult:
    """Start (or resume) a guide conversation in this session."""
    session = ctx.state.session
    guide_id = p.chat_session_id or uuid.uuid4().hex
    stored = await session.get(_key(guide_id))
    if p.chat_session_id is not None and stored is None:
        raise NotFound(f"guide session {guide_id} not found in this session")
    if stored is None:
        stored = {"created_at": time.time(), "turns": []}
        await session.set(_key(guide_id), stored)
    assert isinstance(stored, dict)
    tools = [s.intent_type for s in _specs(ctx)]
    greeting = (
        f"I am the Symphainy guide. Ask what you want to do: I answer from the {len(tools)} "
        "intents you can run."
    )
    turns = stored.get("turns")
    return m.InitiateGuideResult(
        guide_session_id=guide_id,
        resumed=p.chat_session_id is not None,
        turns=len(turns) if isinstance(turns, list) else 0,
        greeting=greeting,
        tools=tools,
    )


async def process_guide_agent_message(
    ctx: ExecutionContext, p: m.GuideMessageParams
) -> m.GuideMessageResult:
    """Answer one message from the catalogue."""
    session = ctx.state.session
    stored = await session.get(_key(p.guide_session_id))
    if not isinstance(stored, dict):
        raise NotFound(f"guide session {p.guide_session_id} not found in this session")
    matches = cat.search(_specs(ctx), p.message)
    found = [x.as_json() for x in matches]
    narrative = await ctx.reasoning.narrate("guide_answer", message=p.message, matches=found)
    turns = stored.get("turns")
    history = turns if isinstance(turns, list) else []
    history.append(
        {
            "message": p.message,
            "matches": [x.intent_type for x in matches],
            "at": time.time(),
        }
    )
    await session.set(_key(p.guide_session_id), {**stored, "turns": history[-MAX_TURNS:]})
    return m.GuideMessageResult(
        guide_session_id=p.guide_session_id,
        turn=len(history),
        answer=cat.answer(p.message, matches),
        matches=[m.GuideMatch(**x) for x in found],
        narrative=narrative,
        narrative_status="absent" if narrative is None else "generated",
    )
