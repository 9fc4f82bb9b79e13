"""Parameters and results of analyze_coexistence and optimize_process."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from symphainy.capabilities.operations._models import NarrativeStatus, Params

Classification = Literal["automate", "assist", "keep-human"]


class CoexistenceRule(Params):
    """A declared rule: every condition given must hold; the first matching rule decides.

    Keywords match words of the task name by lemma (`approve` matches "Approve", "approved"
    and "approving", not "approval"; `sign` never matches "signal"): never as prefixes.
    Roles match as substrings of the task's lane name; both ignore case.
    """

    id: str = Field(min_length=1, max_length=100)
    classification: Classification
    reason: str = Field(min_length=1, max_length=1000)
    task_types: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    exception_path: bool | None = None


class AnalysisOptions(Params):
    """Rules given here are tried before the packaged ones (or instead, with replace).

    A task no rule decides is classed by meaning (its nearest described examples); with
    `replace_default_rules` only the caller's rules apply, then the default class. The
    default also applies when the embeddings extra is not installed.
    """

    rules: list[CoexistenceRule] = Field(default_factory=list, max_length=200)
    replace_default_rules: bool = False
    default_classification: Classification | None = None


class AnalyzeCoexistenceParams(Params):
    """The workflow (a workflow artifact or a parsed BPMN file) and optional rule overrides."""

    workflow_id: str
    analysis_options: AnalysisOptions = Field(default_factory=AnalysisOptions)


class NearestExample(BaseModel):
    """A described example task close in meaning to the task, and how close (0..1)."""

    example: str
    classification: Classification
    similarity: float


class TaskClassification(BaseModel):
    """One task's class and why: the rule that decided, or the examples nearest in meaning."""

    task_id: str
    name: str | None
    role: str | None
    task_type: str
    on_exception_path: bool
    classification: Classification
    method: Literal["rule", "meaning", "default"]
    rule_id: str | None = Field(description="The deciding rule; null when meaning decided.")
    reasons: list[str]
    scores: dict[str, float] = Field(
        default_factory=dict, description="Per class: mean similarity of its nearest examples."
    )
    nearest: list[NearestExample] = Field(default_factory=list)


class AnalyzeCoexistenceResult(BaseModel):
    """The coexistence_analysis artifact and its content."""

    coexistence_analysis_id: str
    workflow_id: str
    workflow_name: str
    tasks: list[TaskClassification]
    summary: dict[str, int]
    automation_potential: float
    rules_version: str
    rules_applied: list[str]
    categories_version: str | None = Field(
        description="Version of the described categories; null when no task was classed by meaning."
    )
    narrative: str | None
    narrative_status: NarrativeStatus


class OptimizeProcessParams(Params):
    """Changed from upstream: `goals` is a list of goals in words ("reduce cycle time")."""

    workflow_id: str
    goals: list[str] = Field(default_factory=list, max_length=20)


class StepDependency(BaseModel):
    """One step waiting for another: data (it uses what the other makes) or control."""

    from_task_id: str
    to_task_id: str
    kind: Literal["data", "control"]
    evidence: list[str]


class ParallelCandidate(BaseModel):
    """Branches the model runs in sequence though no dependency path joins them."""

    task_ids: list[str]
    names: list[str]
    after_task_id: str | None = Field(description="The step the branches follow; null = start.")
    branches: list[list[str]] = Field(description="Each branch's steps, in order.")
    reason: str
    evidence: list[str]
    steps_saved: int


class TaskDuration(BaseModel):
    """A step's duration: stated in its name, or estimated (see CycleTime.method)."""

    task_id: str
    duration: float
    source: Literal["given", "estimated"]


class CycleTime(BaseModel):
    """Longest path through the modelled flow (as is) and through the dependencies (to be)."""

    unit: Literal["minutes", "steps"]
    method: str
    as_is: float
    to_be: float
    as_is_critical_path: list[str]
    critical_path: list[str] = Field(description="The to-be critical path: the steps that set it.")
    durations: list[TaskDuration]


class RedundantApproval(BaseModel):
    """Two approvals of the same object on one path, with nothing changing it in between."""

    first_task_id: str
    second_task_id: str
    shared_objects: list[str]
    reason: str


class Handoff(BaseModel):
    """Work passing from one role to another."""

    from_task_id: str
    to_task_id: str
    from_role: str | None
    to_role: str | None


class GoalMatch(BaseModel):
    """The caller's goal a recommendation serves best, and how close in meaning they are."""

    goal: str
    score: float
    method: Literal["embedding", "lemma_overlap"]
    matched_text: str = Field(description="The recommendation text the goal was compared with.")


class Recommendation(BaseModel):
    """One suggested change, why (the dependency evidence), and the goal it serves."""

    category: Literal[
        "parallelize", "shorten_critical_path", "remove_approval", "reduce_handoffs", "rework"
    ]
    goal: str
    text: str
    task_ids: list[str]
    evidence: list[str] = Field(default_factory=list)
    matches_goals: bool
    goal_match: GoalMatch | None = None


class OptimizeProcessResult(BaseModel):
    """The optimization artifact: measured findings and the recommendations they support."""

    optimization_id: str
    workflow_id: str
    metrics: dict[str, float]
    dependencies: list[StepDependency]
    cycle_time: CycleTime
    parallel_candidates: list[ParallelCandidate]
    redundant_approvals: list[RedundantApproval]
    handoffs: list[Handoff]
    rework_loops: list[list[str]]
    recommendations: list[Recommendation]
    goal_threshold: float
    narrative: str | None
    narrative_status: NarrativeStatus
