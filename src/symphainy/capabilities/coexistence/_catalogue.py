"""The intent catalogue as tools, and deterministic retrieval over it by words (BM25).

The guide routes by meaning (`_routing`); this word retrieval is what it falls back to when
the embeddings extra is not installed.

Each intent is a document: its name (weighted), realm, description and parameter names and
descriptions. A question is scored against every document the caller may run; the guide
answers from the best matches, so its facts always come from the registry itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from symphainy.runtime import Catalogue, IntentSpec

K1, B = 1.2, 0.75
NAME_WEIGHT = 3
_WORD = re.compile(r"[a-z0-9]+")
# Words too common in intent descriptions to tell intents apart.
_STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "the",
        "this",
        "to",
        "want",
        "what",
        "which",
        "with",
        "you",
        "your",
    }
)


@dataclass(frozen=True, slots=True)
class Match:
    """One intent that answers a question, with its score and what it needs."""

    intent_type: str
    realm: str
    description: str
    score: float
    required: list[str]
    optional: list[str]

    def as_json(self) -> dict[str, Any]:
        """The match as a JSON object (for results and prompts)."""
        return {
            "intent_type": self.intent_type,
            "realm": self.realm,
            "description": self.description,
            "score": round(self.score, 4),
            "required_parameters": self.required,
            "optional_parameters": self.optional,
        }


def words(text: str) -> list[str]:
    """Lowercase word stems of `text` (snake_case split; plural and -ing/-ed folded)."""
    return [_stem(w) for w in _WORD.findall(text.lower().replace("_", " ")) if w not in _STOP]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def runnable(registry: Catalogue, anonymous: bool) -> list[IntentSpec]:
    """The intents this caller may submit (anonymous callers: only `anonymous_ok` ones)."""
    return [s for s in registry if s.anonymous_ok or not anonymous]


def tool(spec: IntentSpec) -> dict[str, Any]:
    """An intent as an MCP tool descriptor (name, description, input schema)."""
    return {
        "name": spec.intent_type,
        "description": spec.description,
        "realm": spec.realm,
        "anonymous_ok": spec.anonymous_ok,
        "input_schema": spec.params.model_json_schema(),
    }


def parameters(spec: IntentSpec) -> tuple[list[str], list[str]]:
    """(required, optional) parameter names of an intent."""
    fields = spec.params.model_fields
    required = [n for n, f in fields.items() if f.is_required()]
    return required, [n for n in fields if n not in required]


def _document(spec: IntentSpec) -> list[str]:
    text = [spec.realm, spec.description]
    for name, field in spec.params.model_fields.items():
        text += [name, field.description or ""]
    return words(spec.intent_type) * NAME_WEIGHT + words(" ".join(text))


def search(specs: list[IntentSpec], query: str, limit: int = 3) -> list[Match]:
    """The best `limit` intents for `query` (only those sharing a word with it)."""
    terms = set(words(query))
    docs = [(spec, Counter(_document(spec))) for spec in specs]
    if not terms or not docs:
        return []
    avg = sum(sum(c.values()) for _, c in docs) / len(docs)
    df = Counter(t for _, c in docs for t in terms if t in c)
    scored = []
    for spec, counts in docs:
        score = sum(_bm25(counts, t, df[t], len(docs), avg) for t in terms if t in counts)
        if score > 0:
            scored.append((score, spec))
    scored.sort(key=lambda pair: (-pair[0], pair[1].intent_type))
    return [match(spec, score) for score, spec in scored[:limit]]


def _bm25(counts: Counter[str], term: str, df: int, n: int, avg: float) -> float:
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    tf, length = counts[term], sum(counts.values())
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avg))


def match(spec: IntentSpec, score: float) -> Match:
    """An intent as a match with `score`, and the parameters it needs."""
    required, optional = parameters(spec)
    return Match(spec.intent_type, spec.realm, spec.description, score, required, optional)


def answer(query: str, matches: list[Match]) -> str:
    """A plain statement of what the catalogue offers for `query` (no model involved)."""
    if not matches:
        return (
            f"No intent in the catalogue matches {query!r}. "
            "list_available_mcp_tools shows every intent you can run."
        )
    lines = [f"Intents that match {query!r}:"]
    for i, m in enumerate(matches, 1):
        needs = ", ".join(m.required) or "no parameters"
        lines.append(f"{i}. {m.intent_type} ({m.realm}): {m.description} Needs: {needs}.")
    return "\n".join(lines)


__all__ = ["Match", "answer", "match", "parameters", "runnable", "search", "tool", "words"]
