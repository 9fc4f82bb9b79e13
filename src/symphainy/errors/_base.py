"""The root of the exception tree: a problem identity (RFC 9457) on every error."""

from __future__ import annotations

import re
from typing import ClassVar

from symphainy.types import JSONObject, JSONValue

PROBLEM_BASE = "https://symphainy.dev/problems/"
# pydantic's str() of an error adds a help link per error, for the author of the model; a
# detail built from it (f"{exc}") must not hand that to the caller.
_PYDANTIC_HELP = re.compile(r"\s*For further information visit https://errors\.pydantic\.dev/\S*")


class SymphainyError(Exception):
    """Something went wrong in Symphainy."""

    problem_type: ClassVar[str] = "error"
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str | None = None, **extra: object) -> None:
        said = _PYDANTIC_HELP.sub("", detail) if detail else None
        self.detail = said or (type(self).__doc__ or self.title).strip()
        self.extra: JSONObject = {k: _jsonable(v) for k, v in extra.items()}
        super().__init__(self.detail)

    @property
    def type_uri(self) -> str:
        """The stable problem `type` URI of this error."""
        return PROBLEM_BASE + self.problem_type

    def to_problem(self, instance: str | None = None) -> JSONObject:
        """Render this error as an RFC 9457 problem object."""
        body: JSONObject = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def _jsonable(value: object) -> JSONValue:
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
