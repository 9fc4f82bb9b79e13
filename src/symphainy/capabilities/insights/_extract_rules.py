"""Applying extraction rules to text and table rows, and reading values as their declared type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from symphainy.capabilities.content import Passage
from symphainy.capabilities.insights import _entities, _formats
from symphainy.capabilities.insights._extract_config import FieldSpec, Rule

SNIPPET: Final = 60
_CHAR: Final = r"(?:[^\n.;]|\.(?=\S))"
_NUMBER: Final = re.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?")
_SENTENCE: Final = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_LIST_SPLIT: Final = re.compile(r"\s*(?:;|,|\band\b)\s*")
_TRUE: Final = frozenset({"yes", "y", "true", "t", "1", "x"})
_FALSE: Final = frozenset({"no", "n", "false", "f", "0"})


@dataclass(frozen=True, slots=True)
class Found:
    """A value a rule found, and where."""

    raw: Any
    rule: str
    section: str | None
    snippet: str


def _alternatives(labels: list[str]) -> str:
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


def label_pattern(labels: list[str], others: list[str]) -> re.Pattern[str]:
    """`Label: value` at a line start, after a sentence, or after another label's value.

    The value runs to `. `, `;`, the end of the line, or the next of the config's labels
    (lines of a Markdown paragraph arrive joined: `Policy Number: VL-1 Insured: Jo`).
    """
    stop = rf"(?!\s+(?:{_alternatives(others)})\s*:)" if others else ""
    value = rf"(?P<value>{_CHAR}(?:{stop}{_CHAR})*)"
    start = rf"(?:^|(?<=[.;|] )|(?<=\S )(?=(?:{_alternatives(others or labels)})\s*:))"
    return re.compile(rf"(?im){start}\s*(?:{_alternatives(labels)})\s*:\s*{value}")


def in_document(spec: FieldSpec, passages: list[Passage], labels: list[str]) -> Found | None:
    """The first rule of the field that finds something in the text (`labels`: the config's)."""
    for rule in spec.rules:
        found = _apply(rule, spec, passages, labels)
        if found is not None:
            return found
    return None


def _apply(rule: Rule, spec: FieldSpec, passages: list[Passage], labels: list[str]) -> Found | None:
    if rule.kind == "label" and rule.labels:
        return _search(label_pattern(rule.labels, labels), passages, "label")
    if rule.kind == "regex" and rule.pattern:
        return _search(re.compile(rule.pattern), passages, "regex")
    if rule.kind == "section" and rule.headings:
        return _section(rule.headings, spec, passages)
    return None


def _search(pattern: re.Pattern[str], passages: list[Passage], kind: str) -> Found | None:
    for passage in passages:
        match = pattern.search(passage.text)
        if match is not None:
            value = match.group("value") if "value" in pattern.groupindex else match.group(0)
            return Found(value.strip(), kind, passage.section, _around(passage.text, match.start()))
    return None


def _section(headings: list[str], spec: FieldSpec, passages: list[Passage]) -> Found | None:
    wanted = [re.compile(rf"(?i)\b{re.escape(h)}\b") for h in headings]
    body = [p for p in passages if p.section and any(w.search(p.section) for w in wanted)]
    if not body:
        return None
    if spec.type == "list":
        items = [s.strip() for p in body for s in _SENTENCE.split(p.text) if s.strip()]
        raw: Any = items
    else:
        raw = " ".join(p.text for p in body)
    return Found(raw, "section", body[0].section, _around(body[0].text, 0))


def _around(text: str, at: int) -> str:
    start = max(at - SNIPPET, 0)
    return text[start : at + SNIPPET].strip()


def column_for(spec: FieldSpec, columns: list[str]) -> str | None:
    """The table column a field's `column` rules name (compared as snake_case)."""
    by_key = {_formats.snake(c): c for c in columns}
    for rule in spec.rules:
        if rule.kind == "column":
            hit = next((by_key[k] for k in map(_formats.snake, rule.columns) if k in by_key), None)
            if hit is not None:
                return hit
    return None


def convert(field_type: str, raw: Any) -> tuple[Any, str | None]:
    """The raw text as the field's type, and a note when it could not be read that way."""
    if raw is None:
        return None, None
    if field_type == "list":
        items = raw if isinstance(raw, list) else [s for s in _LIST_SPLIT.split(str(raw)) if s]
        return [str(i).strip() for i in items if str(i).strip()], None
    if not isinstance(raw, str):
        return (
            (raw, None)
            if field_type in ("number", "money", "percent", "boolean")
            else (str(raw), None)
        )
    return _from_text(field_type, raw.strip())


def _from_text(field_type: str, text: str) -> tuple[Any, str | None]:
    if field_type in ("number", "money", "percent"):
        return _number(field_type, text)
    if field_type == "date":
        iso = _entities.normalise_date(text)
        return (iso, None) if iso is not None else (text, f"not a recognised date: {text!r}")
    if field_type == "boolean":
        word = text.lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE, None
        return None, f"not a yes/no value: {text!r}"
    return text, None


def _number(field_type: str, text: str) -> tuple[Any, str | None]:
    match = _NUMBER.search(text)
    if match is None:
        return None, f"no number in {text!r}"
    if field_type == "money":
        amount, currency = _entities.money_amount(text)
        return amount, None if currency == "USD" else f"currency {currency}"
    value = float(match.group().replace(",", ""))
    return (int(value) if value.is_integer() and field_type == "number" else value), None
