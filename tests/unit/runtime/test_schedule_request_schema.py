"""CreateScheduleRequest's published JSON Schema states its one-target, one-timing rule
exactly as the model applies it (schemathesis checks the server against the schema)."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from symphainy.contracts._schedules import CreateScheduleRequest

AT = "2030-01-01T00:00:00Z"
CASES: list[tuple[dict[str, Any], bool]] = [
    ({}, False),
    ({"intent_type": "a", "every_seconds": 5}, True),
    ({"intent_type": "a", "journey_id": "b", "every_seconds": 5}, False),
    ({"intent_type": "a", "journey_id": None, "every_seconds": 5}, True),
    ({"intent_type": "a", "cron": "* * * * *"}, False),
    ({"intent_type": "a", "cron": "* * * * *", "timezone": "UTC"}, True),
    ({"intent_type": "a", "every_seconds": 5, "timezone": "UTC"}, False),
    ({"intent_type": "a", "every_seconds": 5, "timezone": None}, True),
    ({"journey_id": "j", "at": AT}, True),
    ({"intent_type": "a", "at": AT, "every_seconds": 3}, False),
    ({"intent_type": None, "journey_id": "j", "every_seconds": 4, "cron": None}, True),
    ({"intent_type": "a"}, False),
    # an empty name is no target (it once fell through to compose_journey)
    ({"intent_type": "", "every_seconds": 5}, False),
]


@pytest.mark.parametrize(("body", "valid"), CASES)
def test_schema_and_model_agree(body: dict[str, Any], valid: bool) -> None:
    schema = CreateScheduleRequest.model_json_schema()
    assert jsonschema.Draft202012Validator(schema).is_valid(body) is valid
    try:
        CreateScheduleRequest.model_validate(body)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted is valid
