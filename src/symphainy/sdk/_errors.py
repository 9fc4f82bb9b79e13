"""Problem+json answers turned back into the symphainy.errors classes that produced them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache

from symphainy.errors import PROBLEM_BASE, SymphainyError

_PROBLEM_FIELDS = frozenset({"type", "title", "status", "detail"})


class RuntimeApiError(SymphainyError):
    """The Runtime API answered with an error this client has no class for."""

    problem_type = "runtime-api-error"
    title = "Runtime API error"

    def __init__(self, detail: str | None = None, *, http_status: int = 500, **extra: object):
        super().__init__(detail, **extra)
        self.http_status = http_status


@cache
def problem_classes() -> Mapping[str, type[SymphainyError]]:
    """Every SymphainyError class by its problem type, derived from the error tree itself."""
    table: dict[str, type[SymphainyError]] = {}
    pending: list[type[SymphainyError]] = [SymphainyError]
    while pending:
        cls = pending.pop()
        table.setdefault(cls.problem_type, cls)
        pending.extend(cls.__subclasses__())
    return table


def error_from_problem(status: int, content: bytes) -> SymphainyError:
    """The error a Runtime API error response stands for (typed when its problem type is known)."""
    body = _parse(content)
    if body is None:
        text = content[:200].decode("utf-8", "replace")
        return RuntimeApiError(f"HTTP {status}: {text}", http_status=status)
    detail = body.get("detail")
    detail = detail if isinstance(detail, str) else None
    extra = {k: v for k, v in body.items() if k not in _PROBLEM_FIELDS}
    problem_type = str(body.get("type", "")).removeprefix(PROBLEM_BASE)
    cls = problem_classes().get(problem_type)
    if cls is None or cls is RuntimeApiError:
        return RuntimeApiError(detail, http_status=status, type=body.get("type"), **extra)
    return cls(detail, **extra)


def _parse(content: bytes) -> dict[str, object] | None:
    try:
        body = json.loads(content)
    except ValueError:
        return None
    return body if isinstance(body, dict) and "type" in body else None
