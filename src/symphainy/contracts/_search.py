"""Search: the typed search attributes a submit carries, and the list filters over them.

A search attribute is a small caller-chosen key/value pair stored indexed with its execution
(e.g. `{"customer": "acme", "amount": 120, "urgent": true}`), so that executions can be found
by what they are about, not only by how they ran. A value is a JSON string, integer, number
or boolean, or a point in time written `{"datetime": "<RFC 3339 with offset>"}` (JSON has no
datetime type, and a bare string must stay a string). Any other value is a 422.

A filter matches executions carrying every given key with exactly that value and type
(`3` does not find `3.0`, nor `"3"`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import to_jsonable_python

from symphainy.contracts._storable import ID_PATTERN, VersionNumber
from symphainy.contracts._when import NotBefore

MAX_SEARCH_ATTRIBUTES = 16
"""Most search attributes one execution (or one filter) carries."""
ATTRIBUTE_KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$"
"""A key: a letter, then up to 63 letters, digits, `_`, `.` or `-`."""
MAX_ATTRIBUTE_CHARS = 256
"""Longest string value of a search attribute."""
MAX_NAME_CHARS = 256
"""Longest artifact name fragment a filter takes."""
NO_NUL = r"^[^\x00]*$"
"""A stored string holds no NUL (PostgreSQL text cannot), nested values included."""


class AttributeTime(BaseModel):
    """A point-in-time attribute value, as JSON writes it: `{"datetime": "2030-01-01T00:00Z"}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    datetime: NotBefore
    """RFC 3339 with a UTC offset (a naive time is refused)."""


def _tagged(value: Any) -> Any:
    # In process a caller may pass a datetime itself; on the wire it is the tagged object.
    return {"datetime": value} if isinstance(value, datetime) else value


AttributeValue = Annotated[
    Annotated[bool, Strict()]
    | Annotated[int, Strict()]
    | Annotated[float, Strict(), Field(allow_inf_nan=False)]
    | Annotated[str, Strict(), StringConstraints(max_length=MAX_ATTRIBUTE_CHARS, pattern=NO_NUL)]
    | AttributeTime,
    BeforeValidator(_tagged),
]
"""One search attribute value: str, int, float, bool or `{"datetime": ...}`."""
AttributeKey = Annotated[str, StringConstraints(pattern=ATTRIBUTE_KEY_PATTERN)]
SearchAttributes = Annotated[
    dict[AttributeKey, AttributeValue],
    # Keys outside the pattern are refused, as the schema now says (patternProperties alone
    # would let a client generate them).
    Field(max_length=MAX_SEARCH_ATTRIBUTES, json_schema_extra={"additionalProperties": False}),
]
"""The search attributes of a submit, or the exact-match filter of a list."""


def attributes_json(values: Any) -> Any:
    """Attributes as the wire writes them (datetimes tagged), for a client's request body.

    Anything but a mapping is sent as given: the server is the one judge of input.
    """
    if not isinstance(values, Mapping):
        return values
    return to_jsonable_python({k: _tagged(v) for k, v in values.items()})


class ExecutionSearch(BaseModel):
    """The execution list's filters beyond status, intent, session, parent and schedule.

    Time bounds are inclusive below (`*_after`: at or after) and exclusive above (`*_before`).
    """

    intent_version: VersionNumber | None = None
    user_id: str | None = Field(default=None, max_length=128)
    error_type: str | None = Field(default=None, min_length=1, max_length=256)
    """A failure's problem type: its short name (`handler-error`) or its full `type` URI."""
    created_after: AwareDatetime | None = None
    created_before: AwareDatetime | None = None
    finished_after: AwareDatetime | None = None
    finished_before: AwareDatetime | None = None
    search_attributes: SearchAttributes | None = None
    """Executions carrying every one of these attributes, with exactly these values."""
    exclude_attributes: SearchAttributes | None = None
    """Leaves out executions carrying any one of these attributes with that value (e.g. the
    console hides its own reads, which it marks `{"console.internal": true}`)."""
    id_prefix: str | None = Field(default=None, min_length=1, max_length=64, pattern=ID_PATTERN)
    """Executions whose id starts with this (an id as lists and logs shorten it)."""
    top_level: bool | None = None
    """True: only executions no parent started (no journey steps or children); False: only
    those a parent started."""


class ArtifactSearch(BaseModel):
    """The artifact list's filters beyond type, state, producing execution and session.

    An artifact's name is its descriptor's `name`, else `ui_name`, `filename` or `title`.
    """

    produced_by_intent: str | None = Field(default=None, max_length=128)
    name_prefix: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    """Names starting with this (case-sensitive)."""
    name_contains: str | None = Field(default=None, min_length=1, max_length=MAX_NAME_CHARS)
    """Names containing this (case-sensitive)."""
    created_after: AwareDatetime | None = None
    created_before: AwareDatetime | None = None


__all__ = [
    "ATTRIBUTE_KEY_PATTERN",
    "MAX_ATTRIBUTE_CHARS",
    "MAX_SEARCH_ATTRIBUTES",
    "ArtifactSearch",
    "AttributeTime",
    "AttributeValue",
    "ExecutionSearch",
    "SearchAttributes",
    "attributes_json",
]
