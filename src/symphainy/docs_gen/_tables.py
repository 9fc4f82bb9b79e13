"""Signatures as source text, for the generated tables of methods and operations.

Schema tables come from `symphainy.contracts.fields_table`, which the runtime's Catalogue
uses too (the Control Tower serves the same contract documents at run time).
"""

from __future__ import annotations

import inspect
from typing import Any


class _Text(str):
    # A postponed annotation ("str | None") printed as written, not as a quoted string.
    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def signature_text(fn: Any) -> str:
    """`fn`'s signature as source text, without `self`."""
    sig = inspect.signature(fn)
    params = [
        p.replace(annotation=_plain(p.annotation))
        for name, p in sig.parameters.items()
        if name != "self"
    ]
    return str(sig.replace(parameters=params, return_annotation=_plain(sig.return_annotation)))


def _plain(annotation: Any) -> Any:
    return _Text(annotation) if isinstance(annotation, str) else annotation
