"""`--attr key=value`: a typed search attribute, on `intent submit` and `execution list`.

The value's type is read from its text (`true`/`false`, an integer, a number, an RFC 3339
time with an offset, else a string) or named: `--attr order:str=123`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

import typer

ATTR = typer.Option(
    None, "--attr", help="A search attribute key=value (typed: key:int=3); repeat for more."
)

_TYPED: dict[str, Callable[[str], Any]] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": lambda v: {"true": True, "false": False}[v.lower()],
    "datetime": datetime.fromisoformat,
}


def _guess(text: str) -> Any:
    for kind in ("bool", "int", "float", "datetime"):
        try:
            value = _TYPED[kind](text)
        except (KeyError, ValueError):
            continue
        # "nan" and "inf" stay text, as does a time without an offset (a 422 otherwise).
        if isinstance(value, float) and not math.isfinite(value):
            continue
        if not isinstance(value, datetime) or value.tzinfo is not None:
            return value
    return text


def parse_attr(spec: str) -> tuple[str, Any]:
    """`key=value` or `key:type=value` as a typed search attribute (BadParameter if not)."""
    key, sep, text = spec.partition("=")
    if not sep:
        raise typer.BadParameter(f"--attr {spec!r} is not key=value")
    key, _, kind = key.partition(":")
    if not kind:
        return key, _guess(text)
    if kind not in _TYPED:
        raise typer.BadParameter(f"--attr type {kind!r} is not one of {', '.join(_TYPED)}")
    try:
        return key, _TYPED[kind](text)
    except (KeyError, ValueError):
        raise typer.BadParameter(f"--attr {spec!r}: {text!r} is not a {kind}") from None


def attributes(specs: list[str] | None) -> dict[str, Any] | None:
    """Repeated `--attr` options as one map (None when none given)."""
    return dict(parse_attr(s) for s in specs) if specs else None
