"""The words optimize_process reads: which steps approve or only look, and what a step names.

Also what each kind of change brings (GOALS), the phrases goals are matched with by meaning,
and the short goal each kind serves (SHORT_GOAL).
"""

from __future__ import annotations

import itertools
import re

from symphainy.capabilities.operations._lemmas import action, lemmas

APPROVING = frozenset({"approve", "authorise", "authorize", "sign", "countersign", "endorse"})
"""Actions (a step's leading word, as a lemma) that approve: "Sign the claim", never "Measure
the vital signs" (a prefix rule read "signs" as a signature)."""
PASSIVE = APPROVING | {"review", "check", "confirm", "verify", "inspect"}
"""Actions that only look at the work, so two approvals with only these between them repeat."""


def approves(name: str | None) -> bool:
    """Whether a step approves: its action approves, or it names an approval or a sign-off."""
    words = lemmas(name)
    sign_off = ("sign", "off") in set(itertools.pairwise(words))
    return bool(words) and (words[0] in APPROVING or "approval" in words or sign_off)


def passive(name: str | None) -> bool:
    """Whether a step only reviews, checks or approves (see PASSIVE)."""
    return action(name) in PASSIVE or approves(name)


STOP = frozenset(
    re.split(
        r"\s+",
        "a an the of to for and or in on at by from with into its their this that all any each"
        " new is are be it as if",
    )
)
GOALS = {
    "parallelize": (
        "shorter cycle time",
        "faster process",
        "less waiting",
        "higher throughput",
    ),
    "shorten_critical_path": ("shorter cycle time", "faster process", "shorter lead time"),
    "remove_approval": ("faster process", "shorter cycle time", "less effort", "lower cost"),
    "reduce_handoffs": (
        "fewer handoffs",
        "less waiting",
        "fewer errors",
        "lower cost",
        "less effort",
    ),
    "rework": (
        "better quality",
        "fewer errors",
        "right first time",
        "shorter cycle time",
        "less effort",
        "lower cost",
        "compliance",
    ),
}
"""What each kind of change brings: short phrases goals are compared with besides the advice
(MiniLM compares short phrases more sharply than one long sentence of several benefits). Rework
and approvals cost time too, so they also bring a shorter cycle time; work in parallel raises
throughput; "right first time" is the quality practitioners' name for less rework."""
SHORT_GOAL = {
    "parallelize": "speed",
    "shorten_critical_path": "speed",
    "remove_approval": "speed",
    "reduce_handoffs": "cost",
    "rework": "quality",
}


def objects(name: str | None) -> set[str]:
    """Business objects a task names: its words after the verb, minus filler, singular."""
    words = re.findall(r"[a-z][a-z0-9]+", (name or "").lower())[1:]
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in STOP}
