"""generate_roadmap: work items from earlier findings, matched to goals, phased and scheduled.

Items come from the source artifacts (coexistence analyses and blueprints: automate/assist
tasks; optimizations: recommendations; quality reports below grade A: a clean-up; POCs: the
pilot). Efforts are S/M/L = 1/2/4 weeks; items of one phase run side by side, phases in turn.
Without source artifacts only a model can propose items: that needs the reasoning provider.

Each item's goal (the benefit it is attached to) is the caller's goal closest in meaning to the
item itself: its title, or one of the benefits its kind of change brings (an optimization's
recommendations bring those of their category), compared as MiniLM vectors by operations'
`similarity`; the goal is attached only from its threshold on, with the score and the text
that matched.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from symphainy.capabilities.operations import BENEFITS, narrate, similarity
from symphainy.capabilities.outcomes._models import GenerateRoadmapParams, RoadmapResult
from symphainy.capabilities.outcomes._sources import Source, items_of, load
from symphainy.runtime import ExecutionContext

WEEKS = {"S": 1, "M": 2, "L": 4}
KIND_ORDER = ("data_quality", "poc", "automate", "assist", "process_change", "goal_work")
KIND_NAMES = {
    "data_quality": "Fix the data",
    "poc": "Prove the approach",
    "automate": "Automate routine steps",
    "assist": "Introduce assistants",
    "process_change": "Change the process",
    "goal_work": "Work towards the goals",
}
KIND_BENEFITS: dict[str, tuple[str, ...]] = {
    "automate": ("less manual work", "faster process", "lower cost"),
    "assist": ("more productive staff", "better decisions"),
    "data_quality": ("better data quality", "trustworthy data", "fewer data errors"),
    "poc": ("proven approach", "lower risk"),
    "goal_work": (),
}
"""What each kind of item brings, in short phrases (compared with goals besides the title)."""
REC_EFFORT = {"parallelize": "M", "remove_approval": "S", "reduce_handoffs": "M", "rework": "L"}
SOURCE_TYPES = ("coexistence_analysis", "blueprint", "optimization", "quality_report", "poc")


def _item(
    kind: str,
    title: str,
    effort: str,
    source: str,
    task_ids: list[str],
    benefits: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "title": title,
        "effort": effort,
        "weeks": WEEKS[effort],
        "source_artifact_id": source,
        "task_ids": task_ids,
        "benefits": list(KIND_BENEFITS[kind] if benefits is None else benefits),
    }


def items_from(source: Source) -> list[dict[str, Any]]:
    """The work items one source artifact calls for."""
    content, sid = source.content, source.artifact_id
    if source.artifact_type in ("coexistence_analysis", "blueprint"):
        rows = items_of(content, "tasks") or items_of(content, "responsibility_matrix")
        return [
            _item(
                row["classification"],
                f"{row['classification'].capitalize()}: "
                f"{row.get('name') or row.get('task') or row['task_id']}",
                "S" if row["classification"] == "automate" else "M",
                sid,
                [row["task_id"]],
            )
            for row in rows
            if row.get("classification") in ("automate", "assist")
        ]
    if source.artifact_type == "optimization":
        return [
            _item(
                "process_change",
                r["text"],
                REC_EFFORT.get(r["category"], "M"),
                sid,
                r["task_ids"],
                BENEFITS.get(r["category"], ()),
            )
            for r in items_of(content, "recommendations")
        ]
    if source.artifact_type == "poc":
        weeks = int(content.get("duration_weeks") or 4)
        effort = "S" if weeks <= 1 else "M" if weeks <= 2 else "L"
        return [_item("poc", f"Run the proof of concept: {content.get('title')}", effort, sid, [])]
    return _quality_items(source)


def _quality_items(source: Source) -> list[dict[str, Any]]:
    info = source.artifact.semantic_descriptor
    grade = str(info.get("grade") or "")
    if grade in ("", "A"):
        return []
    effort = {"B": "S", "C": "M"}.get(grade, "L")
    title = (
        f"Clean the data of parsed file {info.get('parsed_file_id')} (grade {grade},"
        f" {info.get('finding_count')} findings)"
    )
    return [_item("data_quality", title, effort, source.artifact_id, [])]


async def match_goals(items: list[dict[str, Any]], goals: list[str]) -> None:
    """Attach to each item the goal closest in meaning to it (title or benefit), if related."""
    texts: list[str] = []
    spans: list[range] = []
    for item in items:
        own = [item["title"], *item["benefits"]]
        spans.append(range(len(texts), len(texts) + len(own)))
        texts += own
    scores = await similarity(goals, texts)
    for item, span in zip(items, spans, strict=True):
        score, _, g, j = max((scores.rows[g][j], -g, g, j) for g in range(len(goals)) for j in span)
        related = score >= scores.threshold
        item["goal"] = goals[g] if related else None
        item["goal_match"] = {
            "goal": goals[g],
            "score": score,
            "method": scores.method,
            "matched_text": texts[j],
            "related": related,
        }


def group(
    items: list[dict[str, Any]], roadmap_type: str, goals: list[str]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Items grouped into named phases, in order."""
    if roadmap_type == "quick_wins":
        keys = [("S", "Quick wins"), ("M", "Medium efforts"), ("L", "Large efforts")]
        return [(name, [i for i in items if i["effort"] == e]) for e, name in keys]
    if roadmap_type == "by_goal":
        named = [(f"Goal: {g}", [i for i in items if i["goal"] == g]) for g in goals]
        return [*named, ("Other improvements", [i for i in items if i["goal"] is None])]
    return [(KIND_NAMES[k], [i for i in items if i["kind"] == k]) for k in KIND_ORDER]


def schedule(
    groups: list[tuple[str, list[dict[str, Any]]]], start: dt.date | None
) -> list[dict[str, Any]]:
    """Non-empty phases with week ranges (and dates from `start`)."""
    phases: list[dict[str, Any]] = []
    week = 0
    for name, members in [g for g in groups if g[1]]:
        length = max(i["weeks"] for i in members)
        phase = {
            "phase": len(phases) + 1,
            "name": name,
            "item_ids": [i["id"] for i in members],
            "week_start": week + 1,
            "week_end": week + length,
        }
        if start is not None:
            phase["start_date"] = (start + dt.timedelta(weeks=week)).isoformat()
            phase["end_date"] = (start + dt.timedelta(weeks=week + length, days=-1)).isoformat()
        phases.append(phase)
        week += length
    return phases


async def _model_items(ctx: ExecutionContext, goals: list[str]) -> list[dict[str, Any]]:
    text = await ctx.reasoning.require("roadmap_items", goals="\n".join(f"- {g}" for g in goals))
    lines = [
        re.sub(r"^\s*(?:[-*\u2022]|\d{1,3}[.)])\s*", "", ln).strip() for ln in text.splitlines()
    ]
    return [_item("goal_work", ln, "M", "", []) for ln in lines if ln]


async def generate_roadmap(ctx: ExecutionContext, p: GenerateRoadmapParams) -> RoadmapResult:
    """Derive, match, phase and schedule the work; register the roadmap artifact."""
    sources = [await load(ctx, sid, *SOURCE_TYPES) for sid in dict.fromkeys(p.source_ids)]
    items = [i for s in sources for i in items_from(s)]
    origin = "artifacts"
    if not sources:
        items, origin = await _model_items(ctx, p.goals), "reasoning"
    for n, item in enumerate(items, start=1):
        item["id"] = f"item_{n}"
    if items:
        await match_goals(items, p.goals)
    phases = schedule(group(items, p.roadmap_type, p.goals), p.start_date)
    body = {
        "roadmap_type": p.roadmap_type,
        "goals": p.goals,
        "items": items,
        "phases": phases,
        "total_weeks": phases[-1]["week_end"] if phases else 0,
        "items_source": origin,
        "unaddressed_goals": [g for g in p.goals if all(i["goal"] != g for i in items)],
    }
    art = await ctx.artifacts.put_json(
        "roadmap",
        body,
        parents=[s.artifact_id for s in sources],
        descriptor={"goals": p.goals, "phases": len(phases), "total_weeks": body["total_weeks"]},
    )
    narrative, status = await narrate(ctx, "roadmap_summary", roadmap=body)
    return RoadmapResult(
        roadmap_id=art.artifact_id,
        narrative=narrative,
        narrative_status=status,
        **body,
    )
