"""Text statistics of a parsed document: counts, readability, keywords, key phrases, sections.

Keywords are ranked by TF-IDF with the document's sections as the corpus (a word frequent in one
section and rare elsewhere ranks high); a document without sections ranks by frequency.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

from symphainy.capabilities.content import Passage

_STOP_TEXT: Final = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either
    else etc every few for from further had has have having he her here hers herself him
    himself his how however i if in into is it its itself just least less let may me might
    more most must my myself no nor not now of off on once one only or other others our
    ours ourselves out over own per same shall she should since so some such than that the
    their theirs them themselves then there these they this those through thus to too
    under until up upon us use used very via was we were what when where whether which
    while who whom whose why will with within without would yet you your yours yourself
    yourselves
"""
STOPWORDS: Final = frozenset(_STOP_TEXT.split())
WORD: Final = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
SENTENCE_END: Final = re.compile(r"[.!?]+(?=\s|$)")
_VOWELS: Final = re.compile(r"[aeiouy]+")
# Addresses are entities, not vocabulary: "example" and "com" must not become keywords.
_ADDRESS: Final = re.compile(r"\bhttps?://\S+|\b[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def words(text: str) -> list[str]:
    """Words of a text, lower-cased; URLs and email addresses are left out."""
    return [w.lower() for w in WORD.findall(_ADDRESS.sub(" ", text))]


def content_words(tokens: Iterable[str]) -> list[str]:
    """Words that carry meaning: not stop words, at least three letters."""
    return [w for w in tokens if len(w) >= 3 and w not in STOPWORDS]


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e; at least one."""
    groups = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(groups, 1)


def sentences(text: str) -> int:
    """Sentence ends (., ! or ? before a space or the end); a text without one is one sentence."""
    stripped = text.strip()
    if not stripped:
        return 0
    ends = len(SENTENCE_END.findall(stripped))
    return ends + (0 if SENTENCE_END.search(stripped[-1:] + " ") else 1)


def statistics(passages: list[Passage]) -> dict[str, Any]:
    """Counts, averages, lexical diversity and Flesch reading ease of the whole text."""
    text = "\n".join(p.text for p in passages)
    tokens = words(text)
    n_sentences = sum(sentences(p.text) for p in passages)
    n_words = len(tokens)
    per_sentence = n_words / n_sentences if n_sentences else 0.0
    per_word = sum(syllables(w) for w in tokens) / n_words if n_words else 0.0
    flesch = 206.835 - 1.015 * per_sentence - 84.6 * per_word if n_words else None
    return {
        "characters": len(text),
        "words": n_words,
        "unique_words": len(set(tokens)),
        "sentences": n_sentences,
        "paragraphs": len(passages),
        "sections": len({p.section for p in passages if p.section}),
        "avg_words_per_sentence": round(per_sentence, 3),
        "avg_word_length": round(sum(map(len, tokens)) / n_words, 3) if n_words else 0.0,
        "lexical_diversity": round(len(set(tokens)) / n_words, 6) if n_words else 0.0,
        "flesch_reading_ease": None if flesch is None else round(flesch, 2),
    }


def by_section(passages: list[Passage]) -> dict[str, list[Passage]]:
    """Passages grouped by section heading (text before the first heading under '')."""
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        groups.setdefault(passage.section or "", []).append(passage)
    return groups


def keywords(passages: list[Passage], top: int) -> list[dict[str, Any]]:
    """The `top` words by TF-IDF over sections (by count when there is one section)."""
    groups = by_section(passages)
    counts = {name: Counter(content_words(words(_join(ps)))) for name, ps in groups.items()}
    total = Counter[str]()
    for c in counts.values():
        total.update(c)
    n = len(counts)
    scored: list[tuple[float, int, str, int]] = []
    for word, count in total.items():
        spread = sum(1 for c in counts.values() if word in c)
        idf = math.log((1 + n) / (1 + spread)) + 1.0
        scored.append((round(count * idf, 6), count, word, spread))
    scored.sort(key=lambda k: (-k[0], -k[1], k[2]))
    return [
        {"term": w, "count": c, "sections": s, "score": score} for score, c, w, s in scored[:top]
    ]


def key_phrases(passages: list[Passage], top: int) -> list[dict[str, Any]]:
    """Two- and three-word phrases of content words that occur at least twice."""
    found = Counter[str]()
    for passage in passages:
        tokens = words(passage.text)
        for size in (2, 3):
            for i in range(len(tokens) - size + 1):
                gram = tokens[i : i + size]
                if all(len(w) >= 3 and w not in STOPWORDS for w in gram):
                    found[" ".join(gram)] += 1
    ranked = sorted(
        ((p, c) for p, c in found.items() if c >= 2), key=lambda pc: (-pc[1], -len(pc[0]), pc[0])
    )
    return [{"phrase": p, "count": c} for p, c in ranked[:top]]


def sections(passages: list[Passage]) -> list[dict[str, Any]]:
    """Each section's heading, size and five leading keywords."""
    out = []
    for name, group in by_section(passages).items():
        text = _join(group)
        top = Counter(content_words(words(text))).most_common()
        top.sort(key=lambda kv: (-kv[1], kv[0]))
        out.append(
            {
                "heading": name or None,
                "paragraphs": len(group),
                "words": len(words(text)),
                "sentences": sum(sentences(p.text) for p in group),
                "keywords": [w for w, _ in top[:5]],
            }
        )
    return out


def _join(passages: list[Passage]) -> str:
    return "\n".join(p.text for p in passages)
