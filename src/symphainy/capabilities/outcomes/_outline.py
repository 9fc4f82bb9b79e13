"""Any JSON content as a document outline (headings, paragraphs, bullets, tables) to render.

Objects become headed sections (their scalar fields a bullet list of `Label: value`), lists of
flat objects become tables, lists of scalars become bullets; nothing in the content is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_TABLE_COLUMNS = 8


@dataclass(frozen=True, slots=True)
class Block:
    """One outline block: `heading` (level, text), `paragraph`, `bullets` or `table`."""

    kind: str
    text: str = ""
    level: int = 1
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def label(key: str) -> str:
    """`automation_potential` → `Automation potential`."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def scalar(value: Any) -> str:
    """A value as cell or bullet text (lists of scalars joined, objects as compact JSON)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if value == []:
        return "(none)"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(scalar(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _flat(value: Any) -> bool:
    return not isinstance(value, dict | list) or (
        isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)
    )


def _table_rows(items: list[Any]) -> tuple[str, ...] | None:
    if not items or not all(
        isinstance(i, dict) and all(_flat(v) for v in i.values()) for i in items
    ):
        return None
    header = tuple(dict.fromkeys(k for i in items for k in i))
    return header if len(header) <= MAX_TABLE_COLUMNS else None


def outline(title: str, content: Any) -> list[Block]:
    """The document: a title, then the content's blocks."""
    return [Block("heading", title, level=0), *blocks(content, 1)]


def blocks(value: Any, level: int) -> list[Block]:
    """The blocks of one value at a heading level."""
    if isinstance(value, dict):
        return _object(value, level)
    if isinstance(value, list):
        return _list(value, level, "Item")
    return [Block("paragraph", scalar(value))]


def _object(value: dict[str, Any], level: int) -> list[Block]:
    flat = [f"{label(k)}: {scalar(v)}" for k, v in value.items() if _flat(v)]
    out = [Block("bullets", items=tuple(flat))] if flat else []
    for key, child in value.items():
        if _flat(child):
            continue
        out.append(Block("heading", label(key), level=min(level, 3)))
        out += (
            _list(child, level + 1, label(key))
            if isinstance(child, list)
            else blocks(child, level + 1)
        )
    return out


def _list(items: list[Any], level: int, name: str) -> list[Block]:
    if not items:
        return [Block("paragraph", "(none)")]
    header = _table_rows(items)
    if header is not None:
        rows = tuple(tuple(scalar(i.get(h)) for h in header) for i in items)
        return [Block("table", header=tuple(label(h) for h in header), rows=rows)]
    if all(_flat(i) for i in items):
        return [Block("bullets", items=tuple(scalar(i) for i in items))]
    out: list[Block] = []
    for n, item in enumerate(items, start=1):
        out.append(Block("heading", f"{name} {n}", level=min(level, 3)))
        out += blocks(item, level + 1)
    return out


def markdown(doc: list[Block]) -> str:
    """The outline as Markdown."""
    out: list[str] = []
    for block in doc:
        if block.kind == "heading":
            out += ["#" * (block.level + 1) + " " + block.text, ""]
        elif block.kind == "paragraph":
            out += [block.text, ""]
        elif block.kind == "bullets":
            out += [*(f"- {item}" for item in block.items), ""]
        else:
            out += ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
