"""SOPs from text: a parsed docx/Markdown document, or lines describing a process.

The rules are deliberately plain so authors can predict them: a section is recognised by its
heading (Purpose, Roles, Procedure/Steps, Exceptions), and a document without headings of its
own (plain text, a Word file without heading styles) is read by its lines' outline
(`_sop_outline`: headings, numbered and bulleted steps, sub-steps); a step line may name its role
(`Clerk: enter the invoice` or `Enter the invoice (Clerk)`), its condition (`If …, …`) and the
steps it follows (`(after steps 2 and 3)`); an exception line is `If <condition>, <handling>`
or `<condition>: <handling>`, optionally naming its step (`at step 3`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import get_args

from symphainy.capabilities.operations._models import (
    SopDocument,
    SopException,
    SopStep,
    StepTaskType,
)
from symphainy.capabilities.operations._sop_outline import outline, section_kind
from symphainy.capabilities.operations._sop_table import table_columns, table_lines
from symphainy.errors import InvalidRequest
from symphainy.types import JSONValue

_NUMBERED = re.compile(r"(?:^|\s)\d{1,3}\.\s+")
_LEADING_MARKER = re.compile(r"^\s*(?:(?:step\s+)?\d{1,3}[.):]|[-*+\u2022])\s*", re.IGNORECASE)
_AFTER = re.compile(r"\s*[(\[]\s*after\s+steps?\s+([\d,\sand&]+)[)\]]\s*", re.IGNORECASE)
_AT_START = re.compile(r"\s*[(\[]\s*at the start\s*[)\]]\s*", re.IGNORECASE)
_TASK_TYPE = re.compile(r"\s*\[(\w+Task)\]\s*$")
_AT_STEP = re.compile(r"\s*[(\[]?\s*(?:at|in|during|for)\s+step\s+(\d{1,3})\s*[)\]]?", re.I)
_IF = re.compile(r"^(?:if|when|should)\s+(.+?)\s*(?:,\s|:\s|\bthen\b)\s*(.+)$", re.IGNORECASE)
_ROLE_PREFIX = re.compile(r"^([A-Z][\w&/ .'-]{0,60}?)\s*:\s+(.+)$")
_ROLE_SUFFIX = re.compile(r"^(.+?)\s*\(([A-Z][\w&/ .'-]{0,60})\)\.?$")


@dataclass
class _Sections:
    title: str | None = None
    purpose: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    numbered: list[str] = field(default_factory=list)
    step_tables: list[str] = field(default_factory=list)


def split_items(paragraph: str) -> list[str]:
    """A paragraph as list items: parsers join a Markdown list's lines into one paragraph."""
    text = paragraph.strip()
    marker = _LEADING_MARKER.match(text)
    if not marker:
        return [text] if text else []
    bullet = marker.group(0).strip()
    if bullet[:1].isdigit() or bullet.lower().startswith("step"):
        parts = _NUMBERED.split(" " + text)
    else:
        parts = re.split(rf"(?:^|\s){re.escape(bullet)}\s+", text)
    return [p.strip() for p in parts if p.strip()]


def sop_from_document(
    document: JSONValue,
    title: str | None = None,
    tables: dict[str, list[dict[str, JSONValue]]] | None = None,
    *,
    markdown: bool = False,
) -> SopDocument:
    """Read an SOP out of a parsed docx/Markdown/text document (`{"title", "sections": [...]}`).

    Steps come from the procedure section's paragraphs, else from a procedure table (`tables`
    holds the parsed tables' rows by name), else from numbered paragraphs anywhere. A document
    without headings is read by its lines' outline, unless it is `markdown`: Markdown joins a
    paragraph's lines, so its lists are read from the joined paragraphs as before.
    """
    if not isinstance(document, dict) or not isinstance(document.get("sections"), list):
        raise InvalidRequest("the parsed file is not a document with sections (docx, Markdown)")
    found = _collect(document, markdown=markdown)
    lines = found.steps or _table_steps(found.step_tables, tables or {}) or found.numbered
    if not lines:
        raise InvalidRequest(
            "no procedure steps found: expected a section headed Procedure/Steps or a numbered list"
        )
    return build_sop(
        title or found.title or "Untitled procedure",
        lines,
        purpose=" ".join(found.purpose) or None,
        role_lines=found.roles,
        exception_lines=found.exceptions,
    )


def _table_steps(names: list[str], tables: dict[str, list[dict[str, JSONValue]]]) -> list[str]:
    for name in names:
        rows = tables.get(name, [])
        columns = table_columns(list(rows[0])) if rows else None
        if columns is not None:
            return table_lines(rows, columns)
    return []


def _collect(document: dict[str, JSONValue], *, markdown: bool) -> _Sections:
    found = _Sections(title=_str(document.get("title")))
    raw = document.get("sections")
    sections = [s for s in raw if isinstance(s, dict)] if isinstance(raw, list) else []
    headed = any(_str(s.get("heading")) is not None for s in sections)
    if sections and not headed and not markdown:
        return _collect_outline(found, sections)
    for section in sections:
        kind = section_kind(_str(section.get("heading")) or "")
        paragraphs = _paragraphs(section)
        items = [i for p in paragraphs for i in split_items(p)]
        if kind is not None:
            getattr(found, kind).extend(items)
        tables = section.get("tables")
        if kind == "steps" and isinstance(tables, list):
            found.step_tables.extend(str(t) for t in tables)
        numbered = [p for p in paragraphs if _LEADING_MARKER.match(p)]
        found.numbered.extend(i for p in numbered for i in split_items(p))
    return found


def _paragraphs(section: dict[str, JSONValue]) -> list[str]:
    raw = section.get("paragraphs")
    return [p for p in raw if isinstance(p, str)] if isinstance(raw, list) else []


def _collect_outline(found: _Sections, sections: list[dict[str, JSONValue]]) -> _Sections:
    """A document without headings, by the outline of its lines (see `_sop_outline`)."""
    parts = outline([p for s in sections for p in _paragraphs(s)])
    found.title = found.title or next((p.heading for p in parts if p.heading), None)
    for part in parts:
        if part.kind is not None:
            getattr(found, part.kind).extend(e.folded() for e in part.entries)
        found.numbered.extend(e.folded() for e in part.entries if e.marked)
    return found


def _str(value: JSONValue) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def build_sop(
    title: str,
    step_lines: Iterable[str],
    *,
    purpose: str | None = None,
    role_lines: Iterable[str] = (),
    exception_lines: Iterable[str] = (),
) -> SopDocument:
    """Assemble an SOP from its text lines (roles first declared, then those steps name)."""
    roles = [role_name(line) for line in role_lines]
    steps = [parse_step(line, n) for n, line in enumerate(step_lines, start=1)]
    exceptions = [parse_exception(line) for line in exception_lines]
    for name in [s.role for s in steps] + [e.role for e in exceptions]:
        if name is not None and name not in roles:
            roles.append(name)
    return SopDocument(
        title=title, purpose=purpose, roles=roles, steps=steps, exceptions=exceptions
    )


def role_name(line: str) -> str:
    """`Clerk: enters invoices` or `Clerk - enters invoices` name the role `Clerk`."""
    text = _LEADING_MARKER.sub("", line).strip()
    return re.split(r"\s*(?::|\s[-\u2013\u2014]\s)\s*", text, maxsplit=1)[0].strip(" .")


def parse_step(line: str, number: int) -> SopStep:
    """One step line: marker, `(after steps …)`, `If …,` condition, and role, in that order."""
    text = _LEADING_MARKER.sub("", line).strip()
    task_type: str | None = None
    if match := _TASK_TYPE.search(text):
        task_type, text = match.group(1), text[: match.start()]
        if task_type not in get_args(StepTaskType):
            raise InvalidRequest(f"unknown task type [{task_type}] in step {number}")
    after: list[int] | None = None
    if match := _AT_START.search(text):
        after = []
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    if match := _AFTER.search(text):
        after = [int(n) for n in re.findall(r"\d+", match.group(1))]
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    condition: str | None = None
    if match := _IF.match(text):
        condition, text = match.group(1).strip(), match.group(2).strip()
    role, action = split_role(text)
    if not action:
        raise InvalidRequest(f"step {number} says nothing to do: {line!r}")
    return SopStep(
        number=number,
        action=action,
        role=role,
        after=after,
        condition=condition,
        task_type=task_type or ("userTask" if role else "task"),
    )


def split_role(text: str) -> tuple[str | None, str]:
    """(role, action) from `Role: action` or `action (Role)`; (None, text) otherwise."""
    if text.endswith(":"):
        return text[:-1].strip() or None, ""
    if (match := _ROLE_PREFIX.match(text)) and len(match.group(1).split()) <= 4:
        return match.group(1).strip(), _sentence(match.group(2))
    if match := _ROLE_SUFFIX.match(text):
        return match.group(2).strip(), _sentence(match.group(1))
    return None, _sentence(text)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".").strip()
    return text[:1].upper() + text[1:] if text else text


def parse_exception(line: str) -> SopException:
    """`If <condition>, <handling>` or `<condition>: <handling>`, with `at step N` if given."""
    text = _LEADING_MARKER.sub("", line).strip()
    step: int | None = None
    if match := _AT_STEP.search(text):
        step = int(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip(" ,")
    if match := _IF.match(text):
        condition, handling = match.group(1), match.group(2)
    elif ":" in text:
        condition, handling = (part.strip() for part in text.split(":", 1))
    else:
        raise InvalidRequest(
            f"cannot read the exception {line!r}: write 'If <condition>, <handling>'"
        )
    role, handling = split_role(handling.strip())
    return SopException(step=step, condition=_sentence(condition), handling=handling, role=role)


def description_lines(description: str) -> list[str]:
    """A free-text process description as step lines (one per line or list item)."""
    lines = [i for raw in description.splitlines() for i in split_items(raw)]
    if len(lines) == 1:
        parts = re.split(r"(?<=[.;])\s+(?:then\s+)?", lines[0], flags=re.IGNORECASE)
        lines = [p.strip().rstrip(".;").strip() for p in parts if p.strip(" .;")]
    if not lines:
        raise InvalidRequest("the process description holds no steps")
    return lines
