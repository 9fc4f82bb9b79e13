"""Text of parsed documents: passages in reading order, and ~200-word chunks of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

CHUNK_WORDS: Final = 200
_SKIP_KEYS: Final = frozenset({"warnings", "encoding", "language", "delimiters", "tables"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of text and the heading it sits under (None before the first heading)."""

    section: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Chunk:
    """About CHUNK_WORDS words of a document, starting in `section`."""

    index: int
    section: str | None
    text: str
    word_offset: int


def document_passages(document: Any) -> list[Passage]:
    """The text of a parsed document in reading order.

    Sections (Markdown, Word, HTML) give heading + paragraphs; PDF pages give their text;
    a bare `text` is one passage; anything else (JSON, BPMN, X12) gives its string leaves.
    """
    if not isinstance(document, dict):
        return [Passage(None, s) for s in _strings(document)]
    sections = document.get("sections")
    if isinstance(sections, list) and sections:
        return [p for s in sections if isinstance(s, dict) for p in _section(s)]
    pages = document.get("pages")
    if isinstance(pages, list) and pages:
        return [
            Passage(f"page {p.get('number')}", str(p["text"]))
            for p in pages
            if isinstance(p, dict) and str(p.get("text") or "").strip()
        ]
    text = document.get("text")
    if isinstance(text, str) and text.strip():
        return [Passage(None, text)]
    return [Passage(None, s) for s in _strings(document)]


def _section(section: dict[str, Any]) -> list[Passage]:
    heading = section.get("heading")
    title = heading if isinstance(heading, str) and heading.strip() else None
    body = section.get("paragraphs")
    if isinstance(body, str) or body is None:
        body = [section.get("text") or ""]
    texts = [str(t) for t in body if str(t).strip()]
    if title and not texts:
        texts = [title]
    return [Passage(title, t) for t in texts]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.strip():
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIP_KEYS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def chunk_passages(passages: list[Passage], words: int = CHUNK_WORDS) -> list[Chunk]:
    """Consecutive chunks of about `words` words; a section heading starts a new chunk."""
    chunks: list[Chunk] = []
    buffer: list[str] = []
    section: str | None = None
    offset = 0
    for passage in passages:
        if buffer and passage.section != section:
            chunks.append(Chunk(len(chunks), section, " ".join(buffer), offset))
            offset, buffer = offset + len(buffer), []
        if not buffer:
            section = passage.section
        for word in passage.text.split():
            buffer.append(word)
            if len(buffer) >= words:
                chunks.append(Chunk(len(chunks), section, " ".join(buffer), offset))
                offset, buffer = offset + len(buffer), []
    if buffer:
        chunks.append(Chunk(len(chunks), section, " ".join(buffer), offset))
    return chunks


def humanise(name: str) -> str:
    """A column name as words: `customerEmail_addr` → `customer email addr`."""
    spaced = _CAMEL.sub(" ", name).replace("_", " ").replace("-", " ").replace(".", " ")
    return " ".join(spaced.lower().split())


def snippet(text: str, needle: str, width: int = 80) -> str:
    """Up to `width` characters either side of the first case-insensitive match."""
    at = text.lower().find(needle.lower())
    if at < 0:
        return text[: 2 * width]
    start, end = max(at - width, 0), min(at + len(needle) + width, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
