"""What no store can keep, refused where input enters: integers beyond int64, control characters.

Both stores hold integers as signed 64-bit values (SQLite INTEGER, PostgreSQL BIGINT, and the
canonical JSON of stored documents), and PostgreSQL text cannot hold a NUL. Identifiers (ids in
paths and bodies) also refuse the other C0 control characters and DEL: no id legitimately
contains one, and they would otherwise reach logs and SQL as-is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints, ValidationError, WithJsonSchema
from pydantic_core import InitErrorDetails, PydanticCustomError

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"
"""An identifier: one or more characters, none of them a control character."""

Identifier = Annotated[str, StringConstraints(min_length=1, pattern=ID_PATTERN)]
"""An id field of a request body (execution, session, artifact, intent ids)."""

Loc = tuple[str | int, ...]


def _json_integer(value: Any) -> Any:
    # JSON Schema's integer: 3 and 3.0, never `true` or "3" (pydantic's lax int takes both).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Input should be an integer")
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]
"""An integer field that refuses booleans and numeric strings, as its JSON Schema says."""


def int_bounds(ge: int, le: int = INT64_MAX, description: str | None = None) -> WithJsonSchema:
    """The published schema of a `JsonInt` bounded by `Field(ge=…, le=…)` (put both in it).

    Behind the BeforeValidator pydantic would publish the bounds as unknown `ge`/`le` keys,
    which clients and schemathesis ignore; this states them as `minimum`/`maximum`, also
    inside `| None`.
    """
    schema: dict[str, Any] = {"type": "integer", "minimum": ge, "maximum": le}
    if description is not None:
        schema["description"] = description
    return WithJsonSchema(schema)


VERSION_MAX = 2**31 - 1
VersionNumber = Annotated[
    int, BeforeValidator(_json_integer), Field(ge=1, le=VERSION_MAX), int_bounds(1, VERSION_MAX)
]
"""A registered version: an integer from 1."""


def oversized_integers(value: Any, loc: Loc = ()) -> Iterator[Loc]:
    """Where in a JSON value an integer falls outside int64 (booleans are not integers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not INT64_MIN <= value <= INT64_MAX:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from oversized_integers(item, (*loc, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from oversized_integers(item, (*loc, index))


INT64_MESSAGE = "integers must fit in 64 bits"
NUL_MESSAGE = "NUL characters are not allowed"


def int64_error(loc: Loc) -> dict[str, Any]:
    """The validation error entry (as pydantic reports errors) for an integer beyond int64."""
    return {"loc": [str(part) for part in loc], "msg": INT64_MESSAGE, "type": "int64_range"}


def storable_errors(fields: Iterator[tuple[str, Any]]) -> list[InitErrorDetails]:
    """Field-level errors for a model's values that no store can keep (empty: all storable)."""
    errors: list[InitErrorDetails] = []
    for name, value in fields:
        if isinstance(value, str) and "\x00" in value:
            err = PydanticCustomError("string_nul", NUL_MESSAGE)
            errors.append(InitErrorDetails(type=err, loc=(name,), input=value))
        for loc in oversized_integers(value, (name,)):
            err = PydanticCustomError("int64_range", INT64_MESSAGE)
            errors.append(InitErrorDetails(type=err, loc=loc, input=value))
    return errors


def raise_unstorable(title: str, fields: Iterator[tuple[str, Any]]) -> None:
    """Raise a ValidationError naming each unstorable value's path (pydantic merges the locs)."""
    errors = storable_errors(fields)
    if errors:
        raise ValidationError.from_exception_data(title, errors)
