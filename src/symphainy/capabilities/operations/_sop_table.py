"""SOP steps written as a table (Step | Role | Action | Condition | After), as many SOPs are.

A table counts as a procedure when one of its columns names the action; the role, condition
and predecessor columns are optional. Each row becomes a step line, read like any other.
"""

from __future__ import annotations

import re

from symphainy.types import JSONValue

_LEAD = re.compile(r"^(if|when)\s+", re.IGNORECASE)
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "action": ("action", "activity", "task", "description", "what"),
    "role": ("role", "responsible", "owner", "who", "actor", "performer"),
    "condition": ("condition", "when", "if"),
    "after": ("after", "depends", "predecessor", "follows"),
}


def table_columns(columns: list[str]) -> dict[str, str] | None:
    """Which column holds what (by header words); None when no column names the action."""
    found: dict[str, str] = {}
    for column in columns:
        words = set(re.findall(r"[a-z]+", column.lower()))
        for field, names in COLUMN_WORDS.items():
            if field not in found and words & set(names):
                found[field] = column
                break
    return found if "action" in found else None


def _cell(row: dict[str, JSONValue], column: str | None) -> str:
    value = row.get(column) if column else None
    return "" if value is None else str(value).strip()


def table_lines(rows: list[dict[str, JSONValue]], columns: dict[str, str]) -> list[str]:
    """Step lines (`If <condition>, <Role>: <action> (after steps …)`) from table rows."""
    lines: list[str] = []
    for row in rows:
        action = _cell(row, columns.get("action"))
        if not action:
            continue
        role, condition = _cell(row, columns.get("role")), _cell(row, columns.get("condition"))
        after = re.findall(r"\d+", _cell(row, columns.get("after")))
        line = f"{role}: {action}" if role else action
        if condition:
            line = f"If {_LEAD.sub('', condition)}, {line}"
        if after:
            line += f" (after steps {', '.join(after)})"
        lines.append(line)
    return lines
