"""analyze_coexistence: each workflow task classed automate / assist / keep-human.

Rules are data (`data/coexistence_rules.json`: what the model itself says, such as a service
or manual task), tried in order; callers may put their own rules first or replace the packaged
ones. A task no rule decides is classed by meaning (`_meaning`: its nearest described examples,
`_task_categories`). Every class comes with its evidence: the rule and the facts that made it
match, or the nearest examples and every class's score.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from symphainy.capabilities.operations._analysis_models import (
    AnalysisOptions,
    AnalyzeCoexistenceParams,
    AnalyzeCoexistenceResult,
    CoexistenceRule,
    NearestExample,
    TaskClassification,
)
from symphainy.capabilities.operations._graph import Node, WorkflowGraph
from symphainy.capabilities.operations._io import load_workflow
from symphainy.capabilities.operations._lemmas import lemma, lemmas
from symphainy.capabilities.operations._narrative import narrate
from symphainy.capabilities.operations._task_categories import VERSION as CATEGORIES_VERSION
from symphainy.runtime import ExecutionContext

if TYPE_CHECKING:
    from symphainy.capabilities.operations._meaning import Decision

CLASSES = ("automate", "assist", "keep-human")


@dataclass(frozen=True, slots=True)
class RuleBook:
    """The packaged rules: a version, ordered rules, and the rule used when none matches."""

    version: str
    rules: tuple[CoexistenceRule, ...]
    default: CoexistenceRule


@cache
def packaged_rules() -> RuleBook:
    """The rule book shipped with the package (read once per process)."""
    text = resources.files(__package__).joinpath("data/coexistence_rules.json").read_text()
    data = json.loads(text)
    return RuleBook(
        version=str(data["version"]),
        rules=tuple(CoexistenceRule.model_validate(r) for r in data["rules"]),
        default=CoexistenceRule.model_validate(data["default"]),
    )


def rule_facts(rule: CoexistenceRule, node: Node, on_exception_path: bool) -> list[str] | None:
    """Why `rule` matches the task (one fact per condition), or None when it does not."""
    facts: list[str] = []
    if rule.task_types:
        if node.kind not in rule.task_types:
            return None
        facts.append(f"task type {node.kind}")
    if rule.keywords:
        words = set(lemmas(node.name))
        hits = [k for k in rule.keywords if lemma(k.lower()) in words]
        if not hits:
            return None
        facts.append(f"name {node.name!r} has the word(s) {', '.join(repr(h) for h in hits)}")
    if rule.roles:
        role = (node.role or "").lower()
        roles = [r for r in rule.roles if r.lower() in role]
        if not role or not roles:
            return None
        facts.append(f"role {node.role!r}")
    if rule.exception_path is not None:
        if rule.exception_path != on_exception_path:
            return None
        facts.append("on an exception path" if on_exception_path else "on the normal path")
    return facts


def first_rule(
    node: Node, rules: list[CoexistenceRule], on_exception_path: bool
) -> tuple[CoexistenceRule, list[str]] | None:
    """The first rule that matches the task, with the facts that made it match."""
    for rule in rules:
        matched = rule_facts(rule, node, on_exception_path)
        if matched is not None:
            return rule, matched
    return None


def _task(node: Node, on_exception_path: bool) -> dict[str, Any]:
    """The task's own facts, the same however it is classed."""
    return {
        "task_id": node.node_id,
        "name": node.name,
        "role": node.role,
        "task_type": node.kind,
        "on_exception_path": on_exception_path,
    }


def by_rule(
    node: Node, rule: CoexistenceRule, facts: list[str], on_exception_path: bool, method: str
) -> TaskClassification:
    """The task classed by `rule` (or the default, `method` "default")."""
    return TaskClassification(
        **_task(node, on_exception_path),
        classification=rule.classification,
        method="rule" if method == "rule" else "default",
        rule_id=rule.id,
        reasons=[rule.reason, *(f"Matched on {f}." for f in facts)],
    )


def by_meaning(node: Node, decision: Decision, on_exception_path: bool) -> TaskClassification:
    """The task classed by its nearest described examples."""
    near = decision.nearest[0]
    return TaskClassification(
        **_task(node, on_exception_path),
        classification=decision.classification,
        method="meaning",
        rule_id=None,
        reasons=[
            f"Closest in meaning to {decision.classification} tasks "
            f"(score {decision.scores[decision.classification]}; "
            + ", ".join(f"{c} {v}" for c, v in decision.scores.items())
            + ").",
            f"Nearest example: {near.example!r} ({near.classification}, {near.similarity}).",
        ],
        scores=decision.scores,
        nearest=[
            NearestExample(
                example=n.example, classification=n.classification, similarity=n.similarity
            )
            for n in decision.nearest
        ],
    )


def rule_list(options: AnalysisOptions) -> tuple[list[CoexistenceRule], CoexistenceRule]:
    """The rules in the order they are tried, and the default."""
    book = packaged_rules()
    rules = list(options.rules) + ([] if options.replace_default_rules else list(book.rules))
    default = book.default
    if options.default_classification is not None:
        default = default.model_copy(
            update={
                "id": "default-override",
                "classification": options.default_classification,
                "reason": "No rule matched; the caller chose the default class.",
            }
        )
    return rules, default


def _decide(texts: list[str]) -> list[Decision] | None:
    """Classes by meaning, or None without the embeddings extra (numpy, the encoder)."""
    try:
        from symphainy.capabilities.operations import _meaning
    except ImportError:
        return None
    return _meaning.decide(texts)


def classify_graph(graph: WorkflowGraph, options: AnalysisOptions) -> list[TaskClassification]:
    """Every task of the workflow, classified: by rule, else by meaning, else the default."""
    rules, default = rule_list(options)
    handlers = set(graph.exception_tasks())
    tasks = [(t, t.node_id in handlers) for t in graph.tasks()]
    ruled = {t.node_id: first_rule(t, rules, exc) for t, exc in tasks}
    undecided = [t for t, _ in tasks if ruled[t.node_id] is None]
    decided = None
    if undecided and not options.replace_default_rules:
        decided = _decide([t.name or t.node_id for t in undecided])
    meaning = dict(zip([t.node_id for t in undecided], decided or [], strict=False))
    out = []
    for task, exc in tasks:
        found, decision = ruled[task.node_id], meaning.get(task.node_id)
        if found is not None:
            out.append(by_rule(task, *found, exc, "rule"))
        elif decision is not None:
            out.append(by_meaning(task, decision, exc))
        else:
            out.append(by_rule(task, default, ["no rule matched"], exc, "default"))
    return out


async def analyze_coexistence(
    ctx: ExecutionContext, p: AnalyzeCoexistenceParams
) -> AnalyzeCoexistenceResult:
    """Classify the workflow's tasks and register a coexistence_analysis artifact."""
    loaded = await load_workflow(ctx, p.workflow_id)
    tasks = await asyncio.to_thread(classify_graph, loaded.graph, p.analysis_options)
    summary = {c: sum(t.classification == c for t in tasks) for c in CLASSES}
    potential = round((summary["automate"] + 0.5 * summary["assist"]) / len(tasks), 4)
    rules, default = rule_list(p.analysis_options)
    applied = [r.id for r in rules] + [default.id]
    by_meaning_ = any(t.method == "meaning" for t in tasks)
    categories = CATEGORIES_VERSION if by_meaning_ else None
    content = {
        "workflow_id": loaded.artifact.artifact_id,
        "workflow_name": loaded.graph.name,
        "tasks": [t.model_dump(mode="json") for t in tasks],
        "summary": summary,
        "automation_potential": potential,
        "rules_version": packaged_rules().version,
        "rules_applied": applied,
        "categories_version": categories,
    }
    art = await ctx.artifacts.put_json(
        "coexistence_analysis",
        content,
        parents=[loaded.artifact.artifact_id],
        descriptor={
            "workflow_name": loaded.graph.name,
            "summary": summary,
            "automation_potential": potential,
        },
    )
    narrative, status = await narrate(ctx, "coexistence_summary", analysis=content)
    return AnalyzeCoexistenceResult(
        coexistence_analysis_id=art.artifact_id,
        workflow_id=loaded.artifact.artifact_id,
        workflow_name=loaded.graph.name,
        tasks=tasks,
        summary=summary,
        automation_potential=potential,
        rules_version=packaged_rules().version,
        rules_applied=applied,
        categories_version=categories,
        narrative=narrative,
        narrative_status=status,
    )
