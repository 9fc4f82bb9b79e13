"""Interactive SOP authoring: a draft in session state, filled slot by slot from messages.

Each message line is either labelled (`Title: …`, `Purpose: …`, `Roles: a, b`, `Step: …`,
`Exception: …`), a command (`done`, `remove step N`, `start over`), or an answer to the slot the
draft is asking for (title → roles → steps → exceptions). The reply asks for the next slot.
"""

from __future__ import annotations

import re
from typing import cast

from symphainy.capabilities.operations._bpmn_build import normalized
from symphainy.capabilities.operations._models import (
    GenerateSopFromChatParams,
    GenerateSopFromChatResult,
    SopChatMessageParams,
    SopChatState,
    SopDocument,
    SopException,
)
from symphainy.capabilities.operations._narrative import narrate
from symphainy.capabilities.operations._sop import save_sop
from symphainy.capabilities.operations._sop_text import parse_exception, parse_step
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext
from symphainy.types import JSONObject

SLOTS = ("title", "roles", "steps", "exceptions")
_LABEL = re.compile(r"^\s*(title|purpose|roles?|steps?|exceptions?)\s*:\s*(.*)$", re.I)
_DONE = re.compile(r"^\s*(done|that'?s all|no more( steps)?|finished)\s*[.!]?\s*$", re.I)
_NONE = re.compile(r"^\s*(none|no|no exceptions|n/a)\s*[.!]?\s*$", re.I)
_RESET = re.compile(r"^\s*(start over|reset)\s*[.!]?\s*$", re.I)
_REMOVE = re.compile(r"^\s*remove step\s+(\d{1,3})\s*$", re.I)
QUESTIONS = {
    "title": "What is the procedure called?",
    "roles": "Who takes part? List the roles, separated by commas.",
    "steps": "What are the steps? Send one per line (e.g. 'Clerk: enter the invoice');"
    " say 'done' when the list is complete.",
    "exceptions": "What can go wrong, and what is done then? ('If <condition> at step N,"
    " <handling>'), or say 'none'.",
}


def _new_draft() -> JSONObject:
    return {
        "title": None,
        "purpose": None,
        "roles": [],
        "steps": [],
        "exceptions": [],
        "steps_done": False,
        "exceptions_done": False,
    }


def missing(draft: JSONObject) -> list[str]:
    """The slots still to fill, in the order they are asked for."""
    have = {
        "title": bool(draft["title"]),
        "roles": bool(draft["roles"]),
        "steps": bool(draft["steps"]) and bool(draft["steps_done"]),
        "exceptions": bool(draft["exceptions"]) or bool(draft["exceptions_done"]),
    }
    return [slot for slot in SLOTS if not have[slot]]


def _list(draft: JSONObject, key: str) -> list[object]:
    return cast(list[object], draft[key])


def apply_line(draft: JSONObject, line: str) -> str | None:
    """Fold one line into the draft; return a problem to report, if any."""
    if _RESET.match(line):
        draft.clear()
        draft.update(_new_draft())
        return None
    if match := _REMOVE.match(line):
        return _remove_step(draft, int(match.group(1)))
    if match := _LABEL.match(line):
        slot = match.group(1).lower().rstrip("s")
        return _fill(draft, {"role": "roles", "exception": "exceptions"}.get(slot, slot), match[2])
    pending = missing(draft)
    if _DONE.match(line):
        for slot in ("steps", "exceptions"):
            if slot in pending and draft[slot]:
                draft[f"{slot}_done"] = True
        return None
    return _fill(draft, pending[0], line) if pending else f"the draft is complete; {line!r} unused"


def _fill(draft: JSONObject, slot: str, value: str) -> str | None:
    value = value.strip()
    try:
        if slot in ("title", "purpose"):
            draft[slot] = value
        elif slot == "roles":
            names = [n.strip(" .") for n in re.split(r",|\band\b", value) if n.strip(" .")]
            _list(draft, "roles").extend(n for n in names if n not in _list(draft, "roles"))
        elif slot in ("step", "steps"):
            _add_step(draft, value)
        elif _NONE.match(value):
            draft["exceptions_done"] = True
        else:
            _list(draft, "exceptions").append(parse_exception(value).model_dump(mode="json"))
    except InvalidRequest as exc:
        return exc.detail
    return None


def _add_step(draft: JSONObject, line: str) -> None:
    steps = _list(draft, "steps")
    step = parse_step(line, len(steps) + 1)
    steps.append(line)
    if step.role and step.role not in _list(draft, "roles"):
        _list(draft, "roles").append(step.role)


def _remove_step(draft: JSONObject, number: int) -> str | None:
    steps = _list(draft, "steps")
    if not 1 <= number <= len(steps):
        return f"there is no step {number}"
    del steps[number - 1]
    return None


def draft_sop(draft: JSONObject) -> SopDocument:
    """The SOP the (complete) draft describes."""
    lines = [str(line) for line in _list(draft, "steps")]
    return normalized(
        SopDocument(
            title=str(draft["title"]),
            purpose=cast(str | None, draft["purpose"]),
            roles=[str(r) for r in _list(draft, "roles")],
            steps=[parse_step(line, n) for n, line in enumerate(lines, start=1)],
            exceptions=[SopException.model_validate(e) for e in _list(draft, "exceptions")],
        )
    )


def _reply(draft: JSONObject, problems: list[str]) -> str:
    todo = missing(draft)
    parts = [f"I could not use that: {p}." for p in problems]
    if todo:
        parts.append(QUESTIONS[todo[0]])
    else:
        parts.append(
            f"The draft '{draft['title']}' is complete: {len(_list(draft, 'steps'))} steps,"
            f" {len(_list(draft, 'roles'))} roles, {len(_list(draft, 'exceptions'))} exceptions."
            " Call generate_sop_from_chat to produce the SOP."
        )
    return " ".join(parts)


async def _turn(ctx: ExecutionContext, draft_id: str, message: str, *, reset: bool) -> SopChatState:
    key = f"sop_chat.{draft_id}"
    stored = None if reset else await ctx.state.session.get(key)
    draft = stored if isinstance(stored, dict) else _new_draft()
    problems = [
        p for line in message.splitlines() if line.strip() if (p := apply_line(draft, line))
    ]
    await ctx.state.session.set(key, draft)
    reply = _reply(draft, problems)
    narrative, status = await narrate(ctx, "sop_chat_reply", draft=draft, reply=reply)
    todo = missing(draft)
    return SopChatState(
        draft_id=draft_id,
        draft=dict(draft),
        missing=todo,
        complete=not todo,
        reply=reply,
        narrative=narrative,
        narrative_status=status,
    )


async def sop_chat_message(ctx: ExecutionContext, p: SopChatMessageParams) -> SopChatState:
    """One authoring turn on the session's draft."""
    return await _turn(ctx, p.draft_id, p.message, reset=False)


async def generate_sop_from_chat(
    ctx: ExecutionContext, p: GenerateSopFromChatParams
) -> GenerateSopFromChatResult:
    """Start a draft from `initial_requirements`, and produce the SOP once it is complete."""
    if p.initial_requirements is not None:
        state = await _turn(ctx, p.draft_id, p.initial_requirements, reset=True)
    else:
        state = await _turn(ctx, p.draft_id, "", reset=False)
    if not (p.finalize and state.complete):
        return GenerateSopFromChatResult(chat=state, sop_id=None, sop=None, markdown=None)
    result = await save_sop(ctx, draft_sop(cast(JSONObject, state.draft)), [], "chat")
    return GenerateSopFromChatResult(
        chat=state, sop_id=result.sop_id, sop=result.sop, markdown=result.markdown
    )
