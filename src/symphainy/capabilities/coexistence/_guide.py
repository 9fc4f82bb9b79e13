"""The guide agent: answers from the intent catalogue, and runs an intent when asked to.

Conversations live in session state (`guide:<id>`), so they survive a worker restart and are
scoped to the caller's tenant and session. Retrieval is deterministic; a configured reasoning
provider only turns the retrieved entries into prose.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any, Literal, cast

from pydantic import BaseModel

from symphainy.capabilities.coexistence import _catalogue as cat
from symphainy.capabilities.coexistence import _models as m
from symphainy.capabilities.coexistence._routing import route
from symphainy.errors import Forbidden, InvalidParameters, InvalidRequest, NotFound
from symphainy.runtime import ExecutionContext, IntentRegistry, IntentSpec

MAX_TURNS = 50
GUIDE_INTENTS = frozenset({"initiate_guide_agent", "process_guide_agent_message"})
RELAYED_AT = ("parameters", "submit_intent", "parameters")


def _key(guide_session_id: str) -> str:
    return f"guide:{guide_session_id}"


def _specs(ctx: ExecutionContext) -> list[Any]:
    anonymous = ctx.anonymous
    return cat.runnable(ctx.catalogue, anonymous)


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
        "intents you can run, and I can run one for you when you ask."
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
    """Answer one message from the catalogue; submit the intent the user asked for, if any."""
    session = ctx.state.session
    stored = await session.get(_key(p.guide_session_id))
    if not isinstance(stored, dict):
        raise NotFound(f"guide session {p.guide_session_id} not found in this session")
    matches, found_by, confidence, question = await _route(_specs(ctx), p.message)
    found = [x.as_json() for x in matches]
    narrative = await ctx.reasoning.narrate(
        "guide_answer", message=p.message, matches=found, clarifying_question=question or ""
    )
    submitted = await _submit(ctx, p.submit_intent) if p.submit_intent is not None else None
    turns = stored.get("turns")
    history = turns if isinstance(turns, list) else []
    history.append(
        {
            "message": p.message,
            "matches": [x.intent_type for x in matches],
            "submitted": submitted.execution_id if submitted else None,
            "at": time.time(),
        }
    )
    await session.set(_key(p.guide_session_id), {**stored, "turns": history[-MAX_TURNS:]})
    return m.GuideMessageResult(
        guide_session_id=p.guide_session_id,
        turn=len(history),
        answer=cat.answer(p.message, matches) + (f"\n{question}" if question else ""),
        matches=[m.GuideMatch(**x) for x in found],
        method=found_by,
        confidence=confidence,
        clarifying_question=question,
        narrative=narrative,
        narrative_status="absent" if narrative is None else "generated",
        submitted=submitted,
    )


async def _route(
    specs: list[Any], message: str
) -> tuple[list[cat.Match], Literal["meaning", "words"], float | None, str | None]:
    """Matches by meaning (with confidence and a question when unsure), else by words."""
    routed = await asyncio.to_thread(route, specs, message)
    if routed is None:
        return cat.search(specs, message), "words", None, None
    matches = [cat.match(spec, score) for spec, score in routed.ranked]
    return matches, "meaning", routed.confidence, routed.clarifying_question


def admission(registry: IntentRegistry) -> Callable[[BaseModel], None]:
    """Refuse, before anything is recorded, a message asking to run what the guide must not."""

    def admit(params: BaseModel) -> None:
        request = getattr(params, "submit_intent", None)
        if request is None:
            return
        if request.intent_type in GUIDE_INTENTS:
            raise InvalidRequest("the guide does not submit guide intents")
        spec = registry.get(request.intent_type).spec  # IntentNotFound for an unknown one
        if _takes_secrets(spec.params.model_json_schema()):
            # The guide's own parameters are stored as given: a password relayed through them
            # would be written down. Such intents are submitted directly, where it is masked.
            raise InvalidRequest(f"submit {request.intent_type} directly: it takes secrets")
        _admit_relayed(spec, request.parameters)

    return admit


def _admit_relayed(spec: IntentSpec, parameters: dict[str, Any]) -> None:
    """Check relayed parameters as their intent's submit will: a bad key is refused now."""
    try:
        validated = spec.validate(parameters)
    except InvalidParameters as exc:
        # IntentSpec.validate locates each problem at ["parameters", *path]; relocate it
        # inside this message: parameters.submit_intent.parameters.<path>.
        errors = cast("list[dict[str, Any]]", exc.extra["errors"])
        relocated = [{**e, "loc": [*RELAYED_AT, *e["loc"][1:]]} for e in errors]
        raise InvalidParameters(
            f"submit_intent.parameters are invalid for {spec.intent_type!r}", errors=relocated
        ) from None
    if spec.admission is not None:
        spec.admission(validated)


async def _submit(ctx: ExecutionContext, request: m.SubmitOnBehalf) -> m.Submitted:
    """Run an intent as the user: same tenant, session, user and roles; never more."""
    spec = ctx.catalogue.spec(request.intent_type)
    # Children inherit roles but not the anonymous flag: check it here.
    if ctx.anonymous and not spec.anonymous_ok:
        raise Forbidden(f"sign in to run {request.intent_type}")
    child = await ctx.children.submit(
        request.intent_type, request.parameters, key=f"guide:{uuid.uuid4().hex}"
    )
    return m.Submitted(
        execution_id=child.execution_id, intent_type=request.intent_type, status=child.status
    )


def _takes_secrets(schema: dict[str, Any]) -> bool:
    """Whether a parameters schema has a secret (pydantic marks SecretStr `writeOnly`)."""
    props = schema.get("properties", {})
    return any(_write_only(p) for p in props.values() if isinstance(p, dict))


def _write_only(prop: dict[str, Any]) -> bool:
    options = [prop, *[o for o in prop.get("anyOf", []) if isinstance(o, dict)]]
    return any(o.get("writeOnly") is True for o in options)
