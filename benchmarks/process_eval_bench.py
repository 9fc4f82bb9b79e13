"""Acceptance evaluation of the process-side agents (issue #21 items 1 and 4), not a unit test.

The labelled set is `benchmarks/data/process_eval.json`:
- `steps`: process steps of four domains, each classed automate / assist / keep-human as a
  practitioner would. One workflow per domain is built from them (create_workflow, generic
  tasks, so only the step's words can decide) and run through analyze_coexistence;
- `guide`: questions and the intent that answers each, asked of process_guide_agent_message;
- `goals`: (goal, recommendation, should it match) for optimize_process's goal matching.

Everything runs through a real runtime (SQLite, every installed capability), so the same file
measures any version of the intents. Prints JSON: classification accuracy with its per-class
confusion, the guide's top-1 / top-3 accuracy, and goal-pair accuracy.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from symphainy.boot import build_registry
from symphainy.runtime import Runtime, SubmitIntent
from symphainy.testing import local_runtime

DATA = Path(__file__).parent / "data" / "process_eval.json"
TENANT = "eval"
SESSION = "eval-session"
CLASSES = ("automate", "assist", "keep-human")
GOAL_MATCH_THRESHOLD = 0.35
"""Plain cosine of goal and advice at which a goal counts as served (a baseline beside the real
matcher, which has its own threshold: `operations._similarity.THRESHOLD`)."""


async def run(rt: Runtime, intent: str, params: dict[str, Any]) -> dict[str, Any]:
    """Submit one intent in the evaluation session and wait for its result."""
    sub = await rt.submit(SubmitIntent(TENANT, intent, params, session_id=SESSION))
    view = await rt.wait(TENANT, sub.execution_id, timeout=120)
    if view.status != "completed":
        raise RuntimeError(f"{intent} {view.status}: {view.error}")
    result: dict[str, Any] = view.result
    return result


async def classification(rt: Runtime, steps: list[dict[str, str]]) -> dict[str, Any]:
    """Accuracy and confusion (label → predicted → count) over every labelled step."""
    by_domain: dict[str, list[dict[str, str]]] = defaultdict(list)
    for step in steps:
        by_domain[step["domain"]].append(step)
    confusion = {c: dict.fromkeys(CLASSES, 0) for c in CLASSES}
    wrong = []
    for domain, items in by_domain.items():
        sop = [{"number": i, "action": s["step"]} for i, s in enumerate(items, 1)]
        workflow = await run(rt, "create_workflow", {"steps": sop, "workflow_name": domain})
        analysis = await run(
            rt, "analyze_coexistence", {"workflow_id": workflow["workflow_artifact_id"]}
        )
        predicted = {t["name"]: t["classification"] for t in analysis["tasks"]}
        for s in items:
            got = predicted[s["step"]]
            confusion[s["label"]][got] += 1
            if got != s["label"]:
                wrong.append({"step": s["step"], "label": s["label"], "predicted": got})
    correct = sum(confusion[c][c] for c in CLASSES)
    return {
        "n": len(steps),
        "accuracy": round(correct / len(steps), 4),
        "per_class_recall": {
            c: round(confusion[c][c] / max(sum(confusion[c].values()), 1), 4) for c in CLASSES
        },
        "confusion_label_to_predicted": confusion,
        "errors": wrong,
    }


async def guide(rt: Runtime, questions: list[dict[str, str]]) -> dict[str, Any]:
    """Top-1 and top-3 accuracy of the guide's matches."""
    started = await run(rt, "initiate_guide_agent", {})
    gid = started["guide_session_id"]
    top1 = top3 = clarified = 0
    misses = []
    for q in questions:
        out = await run(
            rt, "process_guide_agent_message", {"guide_session_id": gid, "message": q["question"]}
        )
        ranked = [m["intent_type"] for m in out["matches"]]
        top1 += ranked[:1] == [q["intent"]]
        top3 += q["intent"] in ranked[:3]
        clarified += bool(out.get("clarifying_question"))
        if ranked[:1] != [q["intent"]]:
            misses.append({"question": q["question"], "expected": q["intent"], "got": ranked[:3]})
    n = len(questions)
    return {
        "n": n,
        "top1_accuracy": round(top1 / n, 4),
        "top3_accuracy": round(top3 / n, 4),
        "clarifying_questions": clarified,
        "misses": misses,
    }


async def goals(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy of goal matching: the old prefix rule, plain cosine, and `optimize_process`'s own
    matcher (`_optimize.goal_matches`: the advice and its kind's benefits, by meaning)."""
    from symphainy.capabilities.operations import _optimize

    matched = [await _matched(_optimize, p) for p in pairs]
    hits = [m == p["match"] for m, p in zip(matched, pairs, strict=True)]
    return {
        "n": len(pairs),
        "prefix_rule_accuracy": _prefix_rule(pairs),
        "embedding_cosine_accuracy": _cosine(pairs),
        "embedding_threshold": GOAL_MATCH_THRESHOLD,
        "goal_match_accuracy": round(sum(hits) / len(pairs), 4),
    }


async def _matched(optimize: Any, pair: dict[str, Any]) -> bool:
    item = (pair["category"], pair["recommendation"], [], [])
    found, _ = await optimize.goal_matches([item], [pair["goal"]])
    return found[0] is not None


PREFIX_GOAL_WORDS = {
    "parallelize": ("speed", "time", "cycle", "fast", "throughput", "lead"),
    "remove_approval": ("speed", "cost", "effort", "simpl", "time"),
    "reduce_handoffs": ("cost", "quality", "error", "handoff", "speed", "effort"),
    "rework": ("quality", "error", "cost", "compliance", "rework"),
}
"""The word lists of the prefix rule `optimize_process` used before (the 'before' figure)."""


def _prefix_rule(pairs: list[dict[str, Any]]) -> float:
    """The old rule: a goal word and a word of the recommendation category's list share a prefix."""
    hits = 0
    for p in pairs:
        words = re.findall(r"[a-z]+", p["goal"].lower())
        matched = any(
            w.startswith(g) or g.startswith(w)
            for g in words
            for w in PREFIX_GOAL_WORDS[p["category"]]
        )
        hits += matched == p["match"]
    return round(hits / len(pairs), 4)


def _cosine(pairs: list[dict[str, Any]]) -> float:
    from symphainy.capabilities.content import ENCODERS

    encoder = ENCODERS.get()
    goals_v = encoder.encode([p["goal"] for p in pairs])
    recs_v = encoder.encode([p["recommendation"] for p in pairs])
    scores = (goals_v * recs_v).sum(axis=1)
    hits = [
        (float(s) >= GOAL_MATCH_THRESHOLD) == p["match"] for s, p in zip(scores, pairs, strict=True)
    ]
    return round(sum(hits) / len(pairs), 4)


async def main() -> dict[str, Any]:
    """Run the three evaluations on one runtime."""
    data = json.loads(DATA.read_text())
    async with local_runtime(build_registry(), poll_seconds=0.02) as rt:
        await rt.create_session(TENANT, session_id=SESSION)
        steps = await classification(rt, data["steps"])
        asked = await guide(rt, data["guide"])
    labels = Counter(s["label"] for s in data["steps"])
    return {
        "benchmark": "process_eval",
        "labels": dict(labels),
        "domains": sorted({s["domain"] for s in data["steps"]}),
        "classification": steps,
        "guide": asked,
        "goals": await goals(data["goals"]),
    }


if __name__ == "__main__":
    json.dump(asyncio.run(main()), sys.stdout, indent=2)
    print()
