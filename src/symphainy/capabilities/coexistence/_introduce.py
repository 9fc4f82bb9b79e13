"""introduce_platform and list_available_mcp_tools: the live catalogue, seen by this caller."""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.coexistence import _catalogue as cat
from symphainy.capabilities.coexistence import _models as m
from symphainy.runtime import ExecutionContext, IntentSpec

# The path a new user walks: bring data in, understand it, turn it into process and outcomes.
STARTERS = (
    "ingest_file",
    "parse_content",
    "assess_data_quality",
    "analyze_structured_data",
    "create_workflow",
    "generate_sop",
    "initiate_guide_agent",
)
STARTER_REASON = "a first step on the content → insights → operations path"
MAX_SUGGESTIONS = 5


async def caller(ctx: ExecutionContext) -> tuple[bool, Any]:
    """(anonymous, the signed-in user or None), from the execution's credential."""
    ids = ctx.identity
    anonymous = ids.is_anonymous(ctx.tenant_id)
    user = None if ctx.user_id is None else await ids.user(ctx.tenant_id, ctx.user_id)
    return anonymous, user


def _goals(context: m.UserContext) -> str:
    goals = context.goals
    return " ".join(goals) if isinstance(goals, list) else goals or ""


def suggestions(specs: list[IntentSpec], context: m.UserContext) -> list[m.Suggestion]:
    """Intents matching the caller's stated goals, else the starter path."""
    goals = _goals(context)
    if goals:
        found = cat.search(specs, goals, MAX_SUGGESTIONS)
        reason = f"matches your goal: {goals[:120]}"
        return [
            m.Suggestion(intent_type=x.intent_type, description=x.description, reason=reason)
            for x in found
        ]
    by_name = {s.intent_type: s for s in specs}
    starters = [by_name[n] for n in STARTERS if n in by_name][:MAX_SUGGESTIONS]
    return [
        m.Suggestion(intent_type=s.intent_type, description=s.description, reason=STARTER_REASON)
        for s in starters
    ]


def realms(specs: list[IntentSpec]) -> list[m.RealmSummary]:
    """The caller's runnable intents grouped by realm."""
    groups: dict[str, list[str]] = {}
    for spec in specs:
        groups.setdefault(spec.realm, []).append(spec.intent_type)
    return [m.RealmSummary(realm=k, intents=v) for k, v in sorted(groups.items())]


async def introduce_platform(
    ctx: ExecutionContext, p: m.IntroducePlatformParams
) -> m.IntroducePlatformResult:
    """A personal welcome: who you are, what you can run, where to start."""
    anonymous, user = await caller(ctx)
    specs = cat.runnable(ctx.catalogue, anonymous)
    groups = realms(specs)
    name = user.name if user is not None else None
    greeting = (
        f"Welcome to Symphainy{', ' + name if name else ''}. You can run {len(specs)} intents "
        f"in {len(groups)} realms" + (" now; sign in for the rest." if anonymous else ".")
    )
    hints = p.user_context.hints()
    about = {"name": name, "role": user.role if user else None, "anonymous": anonymous, **hints}
    narrative = await ctx.reasoning.narrate(
        "introduce_platform",
        user_context=about,
        realms=[g.model_dump() for g in groups],
    )
    return m.IntroducePlatformResult(
        greeting=greeting,
        anonymous=anonymous,
        user_name=name,
        role=user.role if user is not None else None,
        realms=groups,
        suggested_intents=suggestions(specs, p.user_context),
        narrative=narrative,
        narrative_status="absent" if narrative is None else "generated",
    )


async def list_available_mcp_tools(
    ctx: ExecutionContext, p: m.ListToolsParams
) -> m.ListToolsResult:
    """Every intent the caller may run, as a tool with its input schema."""
    anonymous = ctx.anonymous
    specs = [
        s for s in cat.runnable(ctx.catalogue, anonymous) if p.realm is None or s.realm == p.realm
    ]
    tools = [m.ToolDescriptor(**cat.tool(s)) for s in specs]
    return m.ListToolsResult(tools=tools, count=len(tools))
