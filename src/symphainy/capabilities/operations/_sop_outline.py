"""The outline of an SOP written without Markdown: headings, steps, sub-steps, wrapped lines.

It reads a document that has no headings of its own (a plain-text file, a Word file without
heading styles) from its paragraphs' lines; the text parser keeps plain text's line breaks and
relative indentation. The rules, in the order they are tried on a line:

* A numbered section title: `1. Purpose`, `3. PROCEDURE:` (the words name a known section).
* An item: a line starting with a marker, `1.`, `1)`, `3.1`, `Step 1:`, `a.`, `a)`, `i.`, or
  a bullet `-`, `*`, `•`, or an en dash.
* A heading: a short line (at most `MAX_HEADING_WORDS` words) in ALL CAPS or Title Case or
  ending with ':', with content after it; or a section word and a colon before text on the
  same line (`Purpose: To ensure …`), when that starts a different section.
* A continuation: any other line inside the paragraph of an item is part of that item.

The first item of a section sets the steps' indentation and kind of marker; an item indented
deeper, or as deep with another kind (letters under numbers), is a sub-step of the step before
it. Sub-steps are folded into their step (`<step> — <sub-step>; <sub-step>`) so the document's
step numbers stay the SOP's (an exception `at step 3` means the document's step 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

MAX_HEADING_WORDS: Final = 8
"""A line of more words is prose, never a heading."""
SECTION_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "purpose": ("purpose", "objective", "overview", "scope", "introduction"),
    "roles": ("roles", "responsibilities", "participants", "actors"),
    "steps": ("procedure", "steps", "process", "instructions", "workflow", "activities"),
    "exceptions": ("exception", "escalation", "error", "contingenc", "troubleshoot"),
}
"""Words a heading holds to be that kind of section (a prefix: `exception` / `exceptions`)."""
OTHER_SECTIONS: Final = (
    "definition",
    "reference",
    "material",
    "equipment",
    "safety",
    "record",
    "documentation",
    "revision",
    "history",
    "approval",
    "form",
    "attachment",
    "background",
    "policy",
    "training",
)
"""Other section names of SOPs: numbered titles (`2. Definitions`) built of them are headings."""
_MARKER = re.compile(
    r"^(?P<indent>\s*)(?P<marker>step\s+\d{1,3}\s*[:.)]?|\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]"
    r"|[a-z][.)]|[ivx]{2,5}[.)]|[-*+\u2022\u2013\u2014\u25aa\u25e6])\s+(?P<text>\S.*)$",
    re.IGNORECASE,
)
_INLINE = re.compile(r"^(?P<head>[A-Za-z][A-Za-z &/]{1,40}?)\s*:\s+(?P<text>\S.*)$")
_SMALL_WORDS: Final = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or"})
_SMALL_WORDS_MORE: Final = frozenset({"the", "to", "with", "&", "-", "/"})


def section_kind(heading: str) -> str | None:
    """Purpose / roles / steps / exceptions, by the words of a heading; None for any other."""
    low = heading.lower()
    return next((k for k, words in SECTION_WORDS.items() if any(w in low for w in words)), None)


@dataclass
class Entry:
    """A step (with its sub-steps), or a paragraph of text."""

    text: str
    marked: bool
    indent: int = 0
    kind: str = "text"
    subs: list[str] = field(default_factory=list)

    def folded(self) -> str:
        """The text with its sub-steps: `<step> — <sub-step>; <sub-step>`."""
        if not self.subs:
            return self.text
        subs = "; ".join(_lower_first(s.rstrip(" .;")) for s in self.subs)
        return f"{self.text.rstrip(' .:;')} \u2014 {subs}"


@dataclass
class Section:
    """A heading (None before the first) and its entries."""

    heading: str | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        """The section's kind (see `section_kind`)."""
        return section_kind(self.heading) if self.heading else None


def outline(paragraphs: list[str]) -> list[Section]:
    """Sections of the paragraphs' lines (see the module doc)."""
    lines = [
        (line, n == 0)
        for paragraph in paragraphs
        for n, line in enumerate(ln for ln in paragraph.splitlines() if ln.strip())
    ]
    reader = _Reader()
    for index, (line, starts) in enumerate(lines):
        reader.line(line, starts, last=index == len(lines) - 1)
    return reader.sections


class _Reader:
    def __init__(self) -> None:
        self.sections = [Section(None)]
        self.open: Entry | None = None  # the entry a continuation line belongs to
        self.in_sub = False

    def line(self, line: str, starts: bool, *, last: bool) -> None:
        marker = _MARKER.match(line)
        if not marker and not starts and self.open is not None and line[:1].isspace():
            self._text(line.strip(), starts)  # an indented line inside an item wraps it
        elif marker and (title := _numbered_title(marker.group("text"))):
            self._heading(title)
        elif marker:
            self._item(marker)
        elif not last and (title := _heading(line.strip())):
            self._heading(title)
        elif (inline := _INLINE.match(line.strip())) and self._starts_section(inline["head"]):
            self._heading(inline["head"])
            self._text(inline["text"], starts=True)
        else:
            self._text(line.strip(), starts)

    def _starts_section(self, head: str) -> bool:
        kind = section_kind(head)
        return kind is not None and len(head.split()) <= 3 and kind != self.sections[-1].kind

    def _heading(self, title: str) -> None:
        self.sections.append(Section(title))
        self.open, self.in_sub = None, False

    def _item(self, marker: re.Match[str]) -> None:
        indent, kind = len(marker.group("indent")), _kind(marker.group("marker"))
        steps = [e for e in self.sections[-1].entries if e.marked]
        first = steps[0] if steps else None
        parent = self.sections[-1].entries[-1] if self.sections[-1].entries else None
        nested = first is not None and (
            indent > first.indent or (indent == first.indent and kind != first.kind)
        )
        if nested and parent is not None:
            parent.subs.append(marker.group("text").strip())
            self.open, self.in_sub = parent, True
            return
        entry = Entry(marker.group("text").strip(), marked=True, indent=indent, kind=kind)
        self.sections[-1].entries.append(entry)
        self.open, self.in_sub = entry, False

    def _text(self, text: str, starts: bool) -> None:
        if self.open is not None and not starts:
            if self.in_sub:
                self.open.subs[-1] += " " + text
            else:
                self.open.text += " " + text
            return
        entry = Entry(text, marked=False)
        self.sections[-1].entries.append(entry)
        self.open, self.in_sub = entry, False


def _kind(marker: str) -> str:
    low = marker.lower()
    if low.startswith("step") or low[0].isdigit():
        return f"number{low.rstrip('.').count('.')}"
    return "letter" if low[0].isalpha() else "bullet"


def _numbered_title(text: str) -> str | None:
    title = text.strip().rstrip(":").strip()
    words = [w for w in re.split(r"[\s&/]+", title.lower()) if w and w not in {"and", "of"}]
    names = (*(w for ws in SECTION_WORDS.values() for w in ws), *OTHER_SECTIONS)
    if 0 < len(words) <= 4 and all(w.startswith(names) for w in words):
        return title
    return None


def _heading(text: str) -> str | None:
    words = text.split()
    if len(words) > MAX_HEADING_WORDS or text.endswith((".", ",", ";", "!", "?")):
        return None
    if text.endswith(":"):
        return text.rstrip(":").strip() or None
    letters = [c for c in text if c.isalpha()]
    if not letters or (not all(c.isupper() for c in letters) and not _title_case(words)):
        return None
    return text


def _title_case(words: list[str]) -> bool:
    small = _SMALL_WORDS | _SMALL_WORDS_MORE
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in small or not w[:1].isalpha() for w in words
    )


def _lower_first(text: str) -> str:
    """`Ask for the name` → `ask for the name` inside a sentence; `ID card`, `X-ray` stay."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text
