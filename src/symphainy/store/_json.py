"""Canonical JSON for stored documents (sorted keys, so hashes are reproducible)."""

from __future__ import annotations

from typing import Any

import orjson


def dumps(value: Any) -> str:
    """Serialise to canonical JSON text."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(text: str | bytes | None) -> Any:
    """Parse JSON text; None stays None."""
    return None if text is None else orjson.loads(text)
