"""Entries to a tree of items: levels, inherited USAGE/SIGN, sizes and static offsets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._clauses import (
    Condition,
    Occurs,
    RawItem,
    SignClause,
    Usage,
)
from symphainy.parsers.copybook._elements import Element, build_element
from symphainy.parsers.copybook._pic import Pic, parse_pic


@dataclass(eq=False, slots=True)
class Item:
    """A group or elementary item; `offset` is static (first occurrences, ODO tables at max)."""

    level: int
    name: str | None
    line: int
    path: str
    parent: Item | None = None
    pic: Pic | None = None
    usage: Usage = "DISPLAY"
    sign: SignClause | None = None
    occurs: Occurs | None = None
    redefines: str | None = None
    conditions: list[Condition] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    element: Element | None = None
    size: int = 0
    offset: int = 0
    overlay: bool = False
    column: int = 1

    @property
    def label(self) -> str:
        """The data name, FILLER for unnamed items."""
        return self.name or "FILLER"

    @property
    def total_size(self) -> int:
        """Bytes of all occurrences (the maximum for OCCURS DEPENDING ON)."""
        return self.size * (self.occurs.max if self.occurs else 1)

    def walk(self) -> Iterator[Item]:
        """This item and all subordinates, in source order."""
        yield self
        for child in self.children:
            yield from child.walk()


def build_tree(raws: list[RawItem]) -> list[Item]:
    """Nest entries by level number and inherit group USAGE and SIGN.

    Args:
        raws: Entries in source order.

    Returns:
        The top-level items (01, 77, or the lowest level of a copybook fragment).

    Raises:
        ParseError: On a condition with no item, children under a PICTURE, or USAGE clashes.
    """
    tops: list[Item] = []
    stack: list[Item] = []
    for raw in raws:
        if raw.level == 88:
            _attach_condition(raw, stack)
            continue
        while stack and (stack[-1].level >= raw.level or raw.level in {1, 77}):
            stack.pop()
        parent = stack[-1] if stack else None
        item = _make_item(raw, parent)
        (parent.children if parent else tops).append(item)
        stack.append(item)
    if not tops:
        raise ParseError("the copybook has no data description entries")
    for top in tops:
        for item in top.walk():
            _finish(item)
    return tops


def _attach_condition(raw: RawItem, stack: list[Item]) -> None:
    if not stack or raw.condition is None:
        raise ParseError(
            "level-88 condition has no item to belong to", line=raw.line, column=raw.column
        )
    stack[-1].conditions.append(raw.condition)


def _make_item(raw: RawItem, parent: Item | None) -> Item:
    if parent is not None and (parent.pic is not None or parent.level == 77):
        raise ParseError(
            f"{parent.label} is elementary but has subordinate entries",
            line=raw.line,
            column=raw.column,
            field=parent.label,
        )
    usage = raw.usage or (parent.usage if parent else "DISPLAY")
    if raw.usage and parent and parent.usage not in {"DISPLAY", raw.usage}:
        raise ParseError(
            f"USAGE {raw.usage} conflicts with the group's USAGE {parent.usage}",
            line=raw.line,
            column=raw.column,
            field=raw.name or "FILLER",
        )
    path = f"{parent.path}.{raw.name or 'FILLER'}" if parent else raw.name or "FILLER"
    pic = parse_pic(raw.pic, line=raw.line, column=raw.column, field=path) if raw.pic else None
    sign = raw.sign or (parent.sign if parent else None)
    item = Item(raw.level, raw.name, raw.line, path, parent, pic, usage, sign, raw.occurs)
    item.redefines, item.column = raw.redefines, raw.column
    if pic is not None or usage in {"COMP-1", "COMP-2", "POINTER"}:
        item.element = _element(item, raw)
    return item


def _element(item: Item, raw: RawItem) -> Element:
    explicit = raw.sign is not None
    where = {"line": raw.line, "column": raw.column}
    return build_element(
        item.pic, item.usage, item.sign, explicit_sign=explicit, field=item.path, **where
    )


def _finish(item: Item) -> None:
    if item.children and item.element is not None and item.pic is None:
        item.element = None
    if not item.children and item.element is None:
        raise ParseError(
            "elementary item has no PICTURE", line=item.line, column=item.column, field=item.path
        )


def place(tops: list[Item]) -> int:
    """Assign sizes and static offsets; several 01 records overlay each other at offset 0.

    Args:
        tops: The top-level items from `build_tree`.

    Returns:
        The record length: the largest extent of any top-level item.
    """
    records = [top for top in tops if top.level == 1]
    if len(records) > 1:
        for record in records:
            record.overlay = True
    return _place_children(tops, 0, root=True)


def _place_children(children: list[Item], start: int, *, root: bool = False) -> int:
    cursor = end = start
    for index, child in enumerate(children):
        if child.redefines is not None:
            target = _redefined(children[:index], child)
            child.overlay = target.overlay = True
            offset = target.offset
        else:
            offset = 0 if root and child.level == 1 else cursor
        _place(child, offset)
        child_end = offset + child.total_size
        cursor = max(cursor, child_end) if child.redefines or child.level == 1 else child_end
        end = max(end, child_end)
    return end - start


def _redefined(before: list[Item], item: Item) -> Item:
    for candidate in reversed(before):
        if candidate.name == item.redefines and candidate.redefines is None:
            return candidate
    raise ParseError(
        f"REDEFINES {item.redefines}: no preceding item of that name at the same level",
        line=item.line,
        column=item.column,
        field=item.path,
    )


def _place(item: Item, offset: int) -> None:
    item.offset = offset
    if item.children:
        item.size = _place_children(item.children, offset)
    elif item.element is not None:
        item.size = item.element.length


def find_item(
    tops: list[Item], qualified: tuple[str, ...], *, clause: str, line: int, column: int, field: str
) -> Item:
    """The one item a clause names, `NAME [OF|IN group]...` (DEPENDING ON, RENAMES).

    Raises:
        ParseError: When no item or several items answer to the name.
    """
    name, qualifiers = qualified[0], qualified[1:]
    found = [
        item
        for top in tops
        for item in top.walk()
        if item.name == name and _qualifies(item.path.split(".")[:-1], qualifiers)
    ]
    if len(found) != 1:
        problem = "is not defined" if not found else "is ambiguous"
        raise ParseError(
            f"{clause} {' OF '.join(qualified)} {problem}",
            line=line,
            column=column,
            field=field,
            clause=clause,
        )
    return found[0]


def _qualifies(ancestors: list[str], qualifiers: tuple[str, ...]) -> bool:
    position = len(ancestors)
    for qualifier in qualifiers:
        while position > 0 and ancestors[position - 1] != qualifier:
            position -= 1
        if position == 0:
            return False
        position -= 1
    return True
