"""analyze_coexistence: each workflow task classed automate / assist / keep-human by rules.

The rules are data (`data/coexistence_rules.json`), tried in order; callers may put their own
rules first or replace the packaged ones. Every class comes with the rule that decided it and
the facts that made the rule match.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from symphainy.capabilities.operations._analysis_models import (
    AnalysisOptions,
    AnalyzeCoexistenceParams,
    AnalyzeCoexistenceResult,
    CoexistenceRule,
    TaskClassification,
)
from symphainy.capabilities.operations._graph import Node, WorkflowGraph
from symphainy.capabilities.operations._io import load_workflow
from symphainy.capabilities.operations._narrative import narrate
from symphainy.runtime import ExecutionContext

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
        words = re.findall(r"[a-z0-9]+", (node.name or "").lower())
        hits = [k for k in rule.keywords if any(w.startswith(k.lower()) for w in words)]
        if not hits:
            return None
        facts.append(f"name {node.name!r} contains {', '.join(repr(h) for h in hits)}")
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


def classify(
    node: Node, rules: list[CoexistenceRule], default: CoexistenceRule, on_exception_path: bool
) -> TaskClassification:
    """The first matching rule's class, with its reason and the facts that matched."""
    chosen, facts = default, ["no rule matched"]
    for rule in rules:
        matched = rule_facts(rule, node, on_exception_path)
        if matched is not None:
            chosen, facts = rule, matched
            break
    return TaskClassification(
        task_id=node.node_id,
        name=node.name,
        role=node.role,
        task_type=node.kind,
        on_exception_path=on_exception_path,
        classification=chosen.classification,
        rule_id=chosen.id,
        reasons=[chosen.reason, *(f"Matched on {f}." for f in facts)],
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


def classify_graph(graph: WorkflowGraph, options: AnalysisOptions) -> list[TaskClassification]:
    """Every task of the workflow, classified."""
    rules, default = rule_list(options)
    handlers = set(graph.exception_tasks())
    return [classify(t, rules, default, t.node_id in handlers) for t in graph.tasks()]


async def analyze_coexistence(
    ctx: ExecutionContext, p: AnalyzeCoexistenceParams
) -> AnalyzeCoexistenceResult:
    """Classify the workflow's tasks and register a coexistence_analysis artifact."""
    loaded = await load_workflow(ctx, p.workflow_id)
    tasks = classify_graph(loaded.graph, p.analysis_options)
    summary = {c: sum(t.classification == c for t in tasks) for c in CLASSES}
    potential = round((summary["automate"] + 0.5 * summary["assist"]) / len(tasks), 4)
    rules, default = rule_list(p.analysis_options)
    applied = [r.id for r in rules] + [default.id]
    content = {
        "workflow_id": loaded.artifact.artifact_id,
        "workflow_name": loaded.graph.name,
        "tasks": [t.model_dump(mode="json") for t in tasks],
        "summary": summary,
        "automation_potential": potential,
        "rules_version": packaged_rules().version,
        "rules_applied": applied,
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
        narrative=narrative,
        narrative_status=status,
    )
