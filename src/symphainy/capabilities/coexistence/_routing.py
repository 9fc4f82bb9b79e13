"""The guide routes a message by meaning over the intent catalogue.

Each intent the caller may run is represented by its registry description (prefixed by its
name in words) and its example questions (`_guide_examples`); plumbing intents by their
example questions only. All are embedded once per catalogue with the content capability's
shared all-MiniLM-L6-v2 encoder. A message's score for an intent is its highest cosine
similarity with the intent's texts (rounded, ties by name, so the same message always routes
the same way). The best score is the confidence; when it is low, or the runner-up is close,
the guide asks which of the top candidates was meant.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

from symphainy.capabilities.coexistence._guide_examples import EXAMPLES, PLUMBING
from symphainy.errors import MissingDependency
from symphainy.runtime import IntentSpec

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FLOOR: Final = 0.3
"""Below this best score nothing in the catalogue is about the message."""
CONFIDENT: Final = 0.5
"""At or above this best score (and clear of the runner-up) the guide does not ask."""
MARGIN: Final = 0.05
"""A runner-up within this of the best makes the guide ask which was meant."""
DIGITS: Final = 4


class Encoder(Protocol):
    """Unit-length sentence vectors, one row per text."""

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Vectors for `texts`."""
        ...


@dataclass(frozen=True, slots=True)
class Route:
    """The ranked intents, the confidence, and the question to ask when unsure."""

    ranked: list[tuple[IntentSpec, float]]
    confidence: float
    clarifying_question: str | None


def documents(spec: IntentSpec) -> list[str]:
    """The texts an intent is matched on."""
    examples = list(EXAMPLES.get(spec.intent_type, ()))
    if spec.intent_type in PLUMBING:
        return examples
    name = spec.intent_type.replace("_", " ")
    return [f"{name}: {spec.description}", *examples]


class _Index:
    def __init__(self, encoder: Encoder, specs: list[IntentSpec]) -> None:
        self.encoder = encoder
        pairs = [(i, text) for i, spec in enumerate(specs) for text in documents(spec)]
        self.owner = [i for i, _ in pairs]
        self.vectors = encoder.encode([t for _, t in pairs])


_LOCK = threading.Lock()
_INDEXES: dict[tuple[int, tuple[tuple[str, str], ...]], _Index] = {}


def _index(encoder: Encoder, specs: list[IntentSpec]) -> _Index:
    key = (id(encoder), tuple((s.intent_type, s.description) for s in specs))
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None or index.encoder is not encoder:
            if len(_INDEXES) >= 8:  # a few catalogues (anonymous, signed in) per process
                _INDEXES.clear()
            index = _INDEXES[key] = _Index(encoder, specs)
        return index


def shared_encoder() -> Encoder | None:
    """The process's sentence encoder (content's, loaded once), or None when not installed."""
    try:
        from symphainy.capabilities.content import ENCODERS

        return ENCODERS.get()
    except (ImportError, MissingDependency):
        return None


def route(specs: list[IntentSpec], message: str, limit: int = 3) -> Route | None:
    """The best `limit` intents for `message`; None without the embeddings extra."""
    encoder = shared_encoder()
    if encoder is None or not specs:
        return None
    index = _index(encoder, specs)
    similarity = encoder.encode([message])[0] @ index.vectors.T
    best: dict[int, float] = {}
    for owner, score in zip(index.owner, similarity.tolist(), strict=True):
        best[owner] = max(best.get(owner, -1.0), round(score, DIGITS))
    # Session and admin plumbing is offered only when asked for plainly ("sign me out"): a
    # person asking for a sign-off or a token of thanks never means it.
    best = {i: b for i, b in best.items() if specs[i].intent_type not in PLUMBING or b >= CONFIDENT}
    order = sorted(best, key=lambda i: (-best[i], specs[i].intent_type))
    top = [(specs[i], best[i]) for i in order[:limit]]
    confidence = best[order[0]] if order else 0.0
    # Only candidates at or above the floor are matches; a weak best still names its nearest.
    return Route([t for t in top if t[1] >= FLOOR], confidence, clarifying_question(top))


def clarifying_question(ranked: list[tuple[IntentSpec, float]]) -> str | None:
    """Which of the top candidates was meant, when the best is weak or not clearly ahead."""
    if not ranked:
        return None
    top = ranked[0][1]
    close = len(ranked) > 1 and top - ranked[1][1] < MARGIN
    if top >= CONFIDENT and not close:
        return None
    named = [f"{s.intent_type} ({s.description.rstrip('.')})" for s, _ in ranked[:3]]
    options = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
    return f"I am not sure what you want to do. Did you mean {options}?"
