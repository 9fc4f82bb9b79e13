"""Words of a task name as lemmas (simplemma's English dictionary), never as prefixes.

"signs", "signed" and "signing" all become "sign"; "signature" stays "signature"; "approved"
becomes "approve". Rules match whole lemmas, so a keyword never matches the start of an
unrelated word ("sign" in "signal", "register" in "registry").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import simplemma

_WORD: Final = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of one lower-case English word (the word itself when unknown)."""
    return str(simplemma.lemmatize(word, lang="en")).lower()


def lemmas(text: str | None) -> list[str]:
    """The lemmas of the words of `text`, in order (possessives dropped)."""
    words = _WORD.findall((text or "").lower())
    return [lemma(re.sub(r"['\u2019]s$", "", w)) for w in words]


def action(text: str | None) -> str:
    """The task's leading word as a lemma: its action, in verb-first task names ("" if none)."""
    found = lemmas(text)
    return found[0] if found else ""
