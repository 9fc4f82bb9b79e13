"""How close two short texts are in meaning: goals against recommendations, tasks, work items.

Both sides are normalised first (lower case, lemmas, filler words dropped; see `_steps`), then
compared as all-MiniLM-L6-v2 sentence vectors: the content capability's process-wide encoder,
loaded once and shared with every other user of it. The score is their cosine similarity; a
pair relates when it reaches THRESHOLD. Without the `embeddings` extra the score is the share
of the first text's lemmas found in the second (LEMMA_THRESHOLD), and the method says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from symphainy.capabilities.content import ENCODERS
from symphainy.capabilities.operations._steps import normalised
from symphainy.errors import MissingDependency

THRESHOLD: Final = 0.45
"""Cosine similarity from which two texts count as related. Measured with this model: related
pairs score well above it ("reduce cycle time" / "shorter cycle time" 0.75, "cost" / "lower
cost" 0.72, "Automate insurer invoicing" / "Send the invoice to the insurer" 0.80, "better data
quality" / "better quality" 0.47), unrelated ones below ("reduce cycle time" / "fewer errors"
0.08, "Automate insurer invoicing" / "Register the patient" 0.23, "speed" / "lower cost" 0.25)."""
LEMMA_THRESHOLD: Final = 0.5
"""Share of the first text's lemmas the second must hold, when no encoder is installed."""
Method = Literal["embedding", "lemma_overlap"]


@dataclass(frozen=True, slots=True)
class Scores:
    """Similarity of every left text to every right text, and how it was measured."""

    rows: list[list[float]]
    method: Method

    @property
    def threshold(self) -> float:
        """The score from which a pair relates, for this method."""
        return THRESHOLD if self.method == "embedding" else LEMMA_THRESHOLD


async def similarity(left: Sequence[str], right: Sequence[str]) -> Scores:
    """Scores of each of `left` against each of `right` (see the module docstring)."""
    a, b = [normalised(t) for t in left], [normalised(t) for t in right]
    if not a or not b:
        return Scores([[0.0] * len(b) for _ in a], "embedding")
    try:
        encoder = ENCODERS.get()
    except MissingDependency:
        return Scores([[_overlap(x, y) for y in b] for x in a], "lemma_overlap")
    vectors = await asyncio.to_thread(encoder.encode, [*a, *b])
    product = vectors[: len(a)] @ vectors[len(a) :].T
    return Scores([[round(float(v), 4) for v in row] for row in product], "embedding")


def _overlap(x: str, y: str) -> float:
    mine, theirs = set(x.split()), set(y.split())
    return round(len(mine & theirs) / len(mine), 4) if mine else 0.0
