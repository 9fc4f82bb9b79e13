"""What a parse may cost, and the checks that stop a bomb before it inflates.

Limits come from server Settings (`ParserSettings.from_settings`) and are passed into each
parser explicitly. A zip member's inflated size is read from the zip directory: Python's
`zipfile`, which openpyxl and python-docx read through, never yields more than a member
declares (a lying member fails its CRC check), so the directory is a sound bound.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

from symphainy.config import Settings
from symphainy.errors import LimitExceeded
from symphainy.parsers._model import ParseError

# Small members compress very well (styles, shared strings of one value); the ratio only
# says "bomb" once there is something big to inflate.
RATIO_FLOOR_BYTES = 1_048_576


@dataclass(frozen=True, slots=True)
class ParserSettings:
    """The limits of one parse and the server's OCR program (each field is a Setting)."""

    parse_max_inflated_bytes: int
    parse_max_member_bytes: int
    parse_max_compression_ratio: int
    parse_max_rows: int
    parse_max_cells: int
    parse_max_pdf_pages: int
    parse_max_pdf_page_bytes: int
    parse_invalid_value_locations: int
    tesseract_cmd: str
    ocr_max_timeout_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ParserSettings:
        """The server's configured values."""
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})

    @classmethod
    def defaults(cls) -> ParserSettings:
        """The Settings' documented defaults (no environment is read)."""
        return cls(**{f.name: Settings.model_fields[f.name].default for f in fields(cls)})


def over(limit: str, maximum: int, found: int, what: str) -> LimitExceeded:
    """The typed error for `found` going over the Setting `limit`."""
    return LimitExceeded(
        f"{what}: {found:,} is over the limit of {maximum:,} ({limit})",
        limit=limit,
        maximum=maximum,
        found=found,
    )


def check_zip(path: Path, limits: ParserSettings) -> None:
    """Refuse a zip whose members would inflate beyond the limits, before reading any.

    Raises:
        LimitExceeded: a member is too big or too compressed, or all of them are too big.
        ParseError: the file is not a readable zip.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(f"corrupt or truncated zip container: {exc}", stage="open") from exc
    total = 0
    for info in members:
        _check_member(info, limits)
        total += info.file_size
        if total > limits.parse_max_inflated_bytes:
            raise over(
                "parse_max_inflated_bytes",
                limits.parse_max_inflated_bytes,
                total,
                "inflated size of the archive's members",
            )


def _check_member(info: zipfile.ZipInfo, limits: ParserSettings) -> None:
    if info.file_size > limits.parse_max_member_bytes:
        raise over(
            "parse_max_member_bytes",
            limits.parse_max_member_bytes,
            info.file_size,
            f"inflated size of {info.filename!r}",
        )
    if info.file_size < RATIO_FLOOR_BYTES:
        return
    ratio = info.file_size // max(info.compress_size, 1)
    if ratio > limits.parse_max_compression_ratio:
        raise over(
            "parse_max_compression_ratio",
            limits.parse_max_compression_ratio,
            ratio,
            f"compression ratio of {info.filename!r}",
        )


class TableBudget:
    """Counts the rows and cells one parse reads into tables, across all its tables."""

    def __init__(self, limits: ParserSettings) -> None:
        self._limits = limits
        self.rows = 0
        self.cells = 0

    def take(self, cells: int) -> None:
        """Account for one row of `cells` cells.

        Raises:
            LimitExceeded: the parse went over `parse_max_rows` or `parse_max_cells`.
        """
        self.rows += 1
        self.cells += cells
        if self.rows > self._limits.parse_max_rows:
            raise over("parse_max_rows", self._limits.parse_max_rows, self.rows, "rows read")
        if self.cells > self._limits.parse_max_cells:
            raise over("parse_max_cells", self._limits.parse_max_cells, self.cells, "cells read")
