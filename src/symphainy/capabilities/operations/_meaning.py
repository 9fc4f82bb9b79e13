"""Classing a task by meaning: the nearest described examples decide, and are the evidence.

Every example task (and description) of `_task_categories` is embedded once per process with
the content capability's all-MiniLM-L6-v2 encoder (the same instance every capability uses).
Sentence vectors are dominated by the topic (invoice, patient, ticket) more than by the kind
of work, so a task is compared twice: its whole name, and its action (the lemma of its leading
word, "Signed" → "sign"), each with the examples' own; the similarity is the mean of the two
cosines. A class's score is the mean of its `PER_CLASS` most similar examples; the highest
score wins, ties going to the earlier class. Scores are rounded before they are compared, so
the evidence shown is exactly what decided, and the same text always gets the same class.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

import numpy as np
from numpy.typing import NDArray

from symphainy.capabilities.operations._lemmas import action
from symphainy.capabilities.operations._task_categories import CATEGORIES, VERSION, Category
from symphainy.errors import MissingDependency

CATEGORIES_VERSION: Final = VERSION
PER_CLASS: Final = 7
ACTION_WEIGHT: Final = 0.5
"""Both chosen by leave-one-out over the category examples themselves (0.77 of them right)."""
NEAREST: Final = 5
"""Nearest examples reported as evidence."""
DIGITS: Final = 4

Matrix = NDArray[np.float32]


class Encoder(Protocol):
    """What the classifier needs of a sentence encoder: unit-length vectors for texts."""

    def encode(self, texts: Sequence[str]) -> Matrix:
        """One row per text."""
        ...


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One example close to the task, its class and its cosine similarity."""

    example: str
    classification: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Decision:
    """A class decided by meaning: every class's score and the nearest examples."""

    classification: str
    scores: dict[str, float]
    nearest: tuple[Neighbour, ...]


class CategoryIndex:
    """The categories' examples and descriptions, embedded once."""

    def __init__(self, encoder: Encoder, categories: Sequence[Category] = CATEGORIES) -> None:
        """Embed every example and description of `categories` with `encoder`."""
        self.encoder = encoder
        self.classes = [c.classification for c in categories]
        pairs = [(t, c.classification) for c in categories for t in (c.description, *c.examples)]
        self.texts = [t for t, _ in pairs]
        self.labels = np.array([label for _, label in pairs])
        self.vectors = encoder.encode(self.texts)
        # A description is no task: its whole text stands for its action too.
        described = {c.description for c in categories}
        self.actions = encoder.encode([t if t in described else action(t) for t in self.texts])

    def decide(self, texts: Sequence[str]) -> list[Decision]:
        """The class of each text, with its evidence."""
        if not texts:
            return []
        whole = self.encoder.encode(list(texts)) @ self.vectors.T
        verbs = self.encoder.encode([action(t) for t in texts]) @ self.actions.T
        similarity = (1 - ACTION_WEIGHT) * whole + ACTION_WEIGHT * verbs
        return [self._decision(row) for row in similarity]

    def _decision(self, row: NDArray[np.float32]) -> Decision:
        scores = {}
        for label in self.classes:
            mine = np.sort(row[self.labels == label])[::-1][:PER_CLASS]
            scores[label] = round(float(mine.mean()), DIGITS)
        best = max(self.classes, key=lambda c: (scores[c], -self.classes.index(c)))
        order = sorted(range(len(row)), key=lambda i: (-round(float(row[i]), DIGITS), i))
        nearest = tuple(
            Neighbour(self.texts[i], str(self.labels[i]), round(float(row[i]), DIGITS))
            for i in order[:NEAREST]
        )
        return Decision(best, scores, nearest)


_LOCK = threading.Lock()
_INDEX: dict[int, CategoryIndex] = {}


def shared_encoder() -> Encoder | None:
    """The process's sentence encoder (content's, loaded once), or None when not installed."""
    try:
        from symphainy.capabilities.content import ENCODERS

        return ENCODERS.get()
    except (ImportError, MissingDependency):
        return None


def category_index(encoder: Encoder) -> CategoryIndex:
    """The index of the packaged categories for `encoder`, built once per encoder."""
    with _LOCK:
        index = _INDEX.get(id(encoder))
        if index is None or index.encoder is not encoder:
            index = _INDEX[id(encoder)] = CategoryIndex(encoder)
        return index


def decide(texts: Sequence[str]) -> list[Decision] | None:
    """Each text's class by meaning, or None when the encoder is not installed."""
    encoder = shared_encoder()
    if encoder is None:
        return None
    return category_index(encoder).decide(texts)
