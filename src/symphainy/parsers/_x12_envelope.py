"""The X12 envelope state machine: ISA/IEA, GS/GE and ST/SE nesting, counts and control numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

from symphainy.parsers._model import ParseError
from symphainy.types import JSONObject, JSONValue


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: its 1-based position in the file, its id and its elements (id excluded)."""

    position: int
    id: str
    elements: list[str]

    def element(self, number: int) -> str:
        """Element `number` (1-based, as in `ISA13`), stripped; empty when absent."""
        return self.elements[number - 1].strip() if len(self.elements) >= number else ""


def _fail(segment: Segment, message: str, **extra: object) -> NoReturn:
    raise ParseError(message, segment=segment.position, segment_id=segment.id, **extra)


def _same_control(left: str, right: str) -> bool:
    if left.isdigit() and right.isdigit():
        return int(left) == int(right)
    return left == right


def _count(segment: Segment, number: int) -> int:
    value = segment.element(number)
    if not value.isdigit():
        _fail(segment, f"{segment.id}{number:02d} must be a count, got {value!r}")
    return int(value)


def _items(container: JSONObject, key: str) -> list[JSONValue]:
    value = container[key]
    assert isinstance(value, list)  # built by this module
    return value


@dataclass
class _Open:
    segment: Segment
    body: JSONObject


@dataclass
class Envelope:
    """Consumes segments in order and builds the interchange > group > transaction tree."""

    interchanges: list[JSONValue] = field(default_factory=list)
    transaction_count: int = 0
    transaction_of: dict[int, str] = field(default_factory=dict)
    _isa: _Open | None = None
    _gs: _Open | None = None
    _st: _Open | None = None

    def feed(self, segment: Segment) -> None:
        """Consume the next segment.

        Raises:
            ParseError: the segment breaks envelope nesting, counts or control numbers.
        """
        handlers: dict[str, Callable[[Segment], None]] = {
            "ISA": self._open_isa,
            "GS": self._open_gs,
            "ST": self._open_st,
            "SE": self._close_st,
            "GE": self._close_gs,
            "IEA": self._close_isa,
        }
        handlers.get(segment.id, self._body)(segment)

    def finish(self, total: int) -> None:
        """Check that every envelope was closed at the end of the file.

        Raises:
            ParseError: an ST, GS or ISA is still open (missing SE, GE or IEA).
        """
        for opened, closer in ((self._st, "SE"), (self._gs, "GE"), (self._isa, "IEA")):
            if opened is not None:
                raise ParseError(
                    f"{opened.segment.id} at segment {opened.segment.position} is never closed "
                    f"(missing {closer})",
                    segment=total,
                    segment_id=closer,
                )
        if not self.interchanges:
            raise ParseError("no interchange found", segment=1)

    def _open_isa(self, seg: Segment) -> None:
        if self._isa is not None:
            _fail(seg, "ISA inside an open interchange (missing IEA)")
        e = seg.element
        self._isa = _Open(
            seg,
            {
                "sender_qualifier": e(5),
                "sender_id": e(6),
                "receiver_qualifier": e(7),
                "receiver_id": e(8),
                "date": e(9),
                "time": e(10),
                "version": e(12),
                "control_number": e(13),
                "usage": e(15),
                "groups": [],
            },
        )

    def _open_gs(self, seg: Segment) -> None:
        if self._isa is None or self._gs is not None:
            _fail(seg, "GS outside an interchange or inside an open group (missing GE)")
        e = seg.element
        self._gs = _Open(
            seg,
            {
                "functional_id": e(1),
                "sender": e(2),
                "receiver": e(3),
                "date": e(4),
                "time": e(5),
                "control_number": e(6),
                "version": e(8),
                "transactions": [],
            },
        )

    def _open_st(self, seg: Segment) -> None:
        if self._gs is None or self._st is not None:
            _fail(seg, "ST outside a functional group or inside an open set (missing SE)")
        self._st = _Open(
            seg,
            {
                "set_id": seg.element(1),
                "control_number": seg.element(2),
                "segments": [],
            },
        )
        self.transaction_of[seg.position] = seg.element(2)

    def _body(self, seg: Segment) -> None:
        if self._st is None:
            _fail(seg, f"segment {seg.id!r} outside a transaction set")
        elements: list[JSONValue] = list(seg.elements)
        _items(self._st.body, "segments").append({"id": seg.id, "elements": elements})
        self.transaction_of[seg.position] = str(self._st.body["control_number"])

    def _close_st(self, seg: Segment) -> None:
        if self._st is None or self._gs is None:
            _fail(seg, "SE without a matching ST")
        expected = seg.position - self._st.segment.position + 1
        if _count(seg, 1) != expected:
            _fail(
                seg,
                f"SE01 says {_count(seg, 1)} segments, the set has {expected}",
                expected=expected,
                found=_count(seg, 1),
            )
        control = str(self._st.body["control_number"])
        if not _same_control(seg.element(2), control):
            _fail(
                seg,
                f"SE02 {seg.element(2)!r} does not match ST02 {control!r}",
                control_number=control,
            )
        self._st.body["segment_count"] = expected
        self.transaction_of[seg.position] = control
        _items(self._gs.body, "transactions").append(self._st.body)
        self.transaction_count += 1
        self._st = None

    def _close_gs(self, seg: Segment) -> None:
        if self._gs is None or self._isa is None or self._st is not None:
            _fail(seg, "GE without a matching GS, or inside an open set (missing SE)")
        sets = len(_items(self._gs.body, "transactions"))
        if _count(seg, 1) != sets:
            _fail(
                seg,
                f"GE01 says {_count(seg, 1)} transaction sets, the group has {sets}",
                expected=sets,
                found=_count(seg, 1),
            )
        control = str(self._gs.body["control_number"])
        if not _same_control(seg.element(2), control):
            _fail(
                seg,
                f"GE02 {seg.element(2)!r} does not match GS06 {control!r}",
                control_number=control,
            )
        _items(self._isa.body, "groups").append(self._gs.body)
        self._gs = None

    def _close_isa(self, seg: Segment) -> None:
        if self._isa is None or self._gs is not None:
            _fail(seg, "IEA without a matching ISA, or inside an open group (missing GE)")
        groups = len(_items(self._isa.body, "groups"))
        if _count(seg, 1) != groups:
            _fail(
                seg,
                f"IEA01 says {_count(seg, 1)} groups, the interchange has {groups}",
                expected=groups,
                found=_count(seg, 1),
            )
        control = str(self._isa.body["control_number"])
        if not _same_control(seg.element(2), control):
            _fail(
                seg,
                f"IEA02 {seg.element(2)!r} does not match ISA13 {control!r}",
                control_number=control,
            )
        self.interchanges.append(self._isa.body)
        self._isa = None
