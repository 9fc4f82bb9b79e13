"""File parsers: pure functions from a file on disk to a ParseOutcome (no runtime imports)."""

from __future__ import annotations

from symphainy.capabilities.content.parsers._model import (
    ParsedTable,
    ParseError,
    ParseOutcome,
)

__all__ = ["ParseError", "ParseOutcome", "ParsedTable"]
