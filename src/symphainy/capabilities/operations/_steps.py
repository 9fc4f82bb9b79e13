"""What a step's text says it does: its verb, the objects it makes, changes and uses, its duration.

Task names follow the imperative pattern of SOPs and BPMN labels ("Write the prescription",
"Dispense the medication per the prescription"): the first word is the verb, the words up to
the first preposition are the direct object, later phrases name what the step works from.
Words are lemmatised with simplemma (English), so "signs" and "sign", "invoices" and
"invoice" are one object; an object is keyed by its head noun (the phrase's last word).

- A creating verb (write, register, record, generate …) produces its direct object;
- any other verb uses its direct object and changes it (it is produced again, newer);
- objects after a preposition are only used.
Every word of a phrase counts, not only its head: "Enter the claim details" makes the claim's
data, so a later "Approve the claim" waits for it (wrongly linking two steps costs a missed
proposal; wrongly separating them would propose an impossible parallel run).

A duration written in the name, "(10 min)", "(1.5 h)", "(2 days)", is read in minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from symphainy.capabilities.operations._lemmas import lemma


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


CREATES: Final = _set(
    "write create register record issue prepare draft generate produce measure document"
    " open compile calculate prescribe book schedule order request raise collect"
    " capture compose make build fill log draw take assign plan estimate quote"
)
"""Verbs whose direct object did not exist before the step (so the step is its source)."""
BOUNDARIES: Final = _set(
    "of for to from with per by on in into at and or using against about via after before"
    " under over as than then onto within without through"
)
"""Prepositions and conjunctions: they end a noun phrase."""
FILLER: Final = _set(
    "a an the its their this that these those all any each every new his her our your my"
    " is are be it if so"
)
_DURATION: Final = re.compile(
    r"[(\[]\s*(\d+(?:[.,]\d+)?)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)\s*[)\]]", re.I
)
_MINUTES: Final = {"m": 1.0, "h": 60.0, "d": 480.0}
"""Minutes per unit; a day is a working day of 8 hours."""


@dataclass(frozen=True, slots=True)
class StepText:
    """A step name read as verb, objects made or changed (`writes`) and used (`reads`)."""

    verb: str
    writes: tuple[str, ...]
    reads: tuple[str, ...]
    phrases: dict[str, str]
    minutes: float | None


def words(text: str) -> list[str]:
    """Lower-case words of a text, durations removed."""
    return re.findall(r"[a-z][a-z'-]*", _DURATION.sub(" ", text.lower()))


def normalised(text: str) -> str:
    """The text as lemmas without filler words: what meaning comparisons are made on."""
    return " ".join(lemma(w) for w in words(text) if w not in FILLER)


def duration_minutes(name: str) -> float | None:
    """The duration a task name states, in minutes, or None."""
    match = _DURATION.search(name)
    if match is None:
        return None
    unit = match.group(2).lower()[0]
    return float(match.group(1).replace(",", ".")) * _MINUTES[unit]


def _phrases(tokens: list[str]) -> list[list[str]]:
    found: list[list[str]] = [[]]
    for token in tokens:
        if token in BOUNDARIES:
            found.append([])
        elif token not in FILLER:
            found[-1].append(lemma(token))
    return [p for p in found if p]


def read_step(name: str) -> StepText:
    """The verb, objects and duration of one step name (see the module docstring)."""
    tokens = words(name)
    verb = lemma(tokens[0]) if tokens else ""
    phrases = _phrases(tokens[1:])
    direct = phrases[0] if len(tokens) > 1 and tokens[1] not in BOUNDARIES and phrases else []
    used = [w for p in (phrases[1:] if direct else phrases) for w in p]
    if verb not in CREATES:
        used[:0] = direct
    return StepText(
        verb=verb,
        writes=tuple(dict.fromkeys(direct)),
        reads=tuple(dict.fromkeys(used)),
        phrases={w: " ".join(p) for p in reversed(phrases) for w in p},
        minutes=duration_minutes(name),
    )
