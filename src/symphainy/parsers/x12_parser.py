"""ANSI X12 EDI: delimiters from ISA, segments, and validated ISA/GS/ST envelopes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from symphainy.parsers._common import Options, write_table
from symphainy.parsers._encoding import read_text
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import X12Options
from symphainy.parsers._x12_envelope import Envelope, Segment
from symphainy.types import JSONObject

_ISA_ELEMENTS = 16


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The separators an interchange declares in its ISA segment."""

    element: str
    component: str
    segment: str
    repetition: str | None

    def as_json(self) -> JSONObject:
        """The delimiters as a JSON object."""
        return {
            "element": self.element,
            "component": self.component,
            "segment": self.segment,
            "repetition": self.repetition,
        }


def parse_x12(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse an X12 interchange file and validate its envelopes.

    Checks ISA13 = IEA02, IEA01 = number of groups, GS06 = GE02, GE01 = number of
    transaction sets, ST02 = SE02 and SE01 = number of segments in the set.

    Args:
        path: the EDI file.
        out_dir: where the `segments` table is written as Parquet.
        options: `X12Options`: `encoding` to skip detection.

    Raises:
        ParseError: malformed ISA or an envelope mismatch (with `segment`, the 1-based
            segment position, and `segment_id`).
    """
    text, _ = read_text(path, X12Options.of(options).encoding)
    start = text.find("ISA")
    if start < 0 or text[:start].strip():
        raise ParseError(
            "not an X12 interchange: the file must start with an ISA segment", segment=1
        )
    delimiters = detect_delimiters(text[start:])
    segments = split_segments(text[start:], delimiters)
    envelope = Envelope()
    for segment in segments:
        envelope.feed(segment)
    envelope.finish(len(segments))
    table = write_table(_segment_frame(segments, envelope), "segments", out_dir, "segments")
    return ParseOutcome(
        parser="x12",
        content_kind="x12",
        record_count=envelope.transaction_count,
        tables=(table,),
        document={
            "standard": "X12",
            "delimiters": delimiters.as_json(),
            "interchanges": envelope.interchanges,
            "segment_count": len(segments),
        },
        metadata={"segment_count": len(segments), "transaction_count": envelope.transaction_count},
    )


def detect_delimiters(text: str) -> Delimiters:
    """Read the element, component, repetition and segment separators from the ISA header.

    Raises:
        ParseError: the ISA segment is shorter than its 16 elements.
    """
    if len(text) < 4:
        raise ParseError("truncated ISA segment", segment=1, offset=0)
    element = text[3]
    position, seen = 3, 1  # the separator at index 3 precedes ISA01
    while seen < _ISA_ELEMENTS:
        position = text.find(element, position + 1)
        if position < 0:
            raise ParseError("truncated ISA segment: fewer than 16 elements", segment=1)
        seen += 1
    # position is the separator before ISA16 (one character), which the terminator follows.
    if position + 2 >= len(text):
        raise ParseError("truncated ISA segment: no segment terminator", segment=1)
    component, terminator = text[position + 1], text[position + 2]
    if terminator == element or terminator.isalnum():
        raise ParseError("malformed ISA segment: bad segment terminator", segment=1)
    fields = text[: position + 2].split(element)
    repetition = fields[11] if len(fields[11]) == 1 and not fields[11].isalnum() else None
    return Delimiters(element, component, terminator, repetition)


def split_segments(text: str, delimiters: Delimiters) -> list[Segment]:
    """Split the interchange text into segments (line breaks around terminators ignored)."""
    segments: list[Segment] = []
    for raw in text.split(delimiters.segment):
        body = raw.strip("\r\n")
        if not body.strip():
            continue
        parts = body.split(delimiters.element)
        segments.append(Segment(len(segments) + 1, parts[0].strip(), parts[1:]))
    return segments


def _segment_frame(segments: list[Segment], envelope: Envelope) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "position": [s.position for s in segments],
            "segment_id": [s.id for s in segments],
            "transaction_control": [envelope.transaction_of.get(s.position) for s in segments],
            "elements": [s.elements for s in segments],
        },
        schema={
            "position": pl.Int64,
            "segment_id": pl.String,
            "transaction_control": pl.String,
            "elements": pl.List(pl.String),
        },
    )
