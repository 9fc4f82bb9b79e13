"""validate_solution: field-level errors located in the definition; nothing is registered."""

from __future__ import annotations

from typing import Any

from symphainy.runtime import Runtime
from tests.unit.capabilities.control_tower.conftest import result


async def validate(rt: Runtime, config: dict[str, Any], preview: bool = False) -> Any:
    return await result(rt, "validate_solution", {"solution_config": config, "preview": preview})


def located(got: Any) -> set[tuple[tuple[Any, ...], str]]:
    return {(tuple(e["loc"]), e["type"]) for e in got["errors"]}


async def test_a_sound_definition_is_valid(runtime: Runtime) -> None:
    config = {"solution_id": "data_pipeline", "name": "Data", "intents": ["ingest_file"]}
    got = await validate(runtime, config, preview=True)
    assert (got["valid"], got["errors"]) == (True, [])
    assert got["solution"] == {**config, "description": "", "journeys": []}
    assert (await validate(runtime, config))["solution"] is None


async def test_malformed_fields_are_located(runtime: Runtime) -> None:
    got = await validate(runtime, {"solution_id": "Bad Id", "name": "", "colour": "red"})
    assert got["valid"] is False
    assert located(got) == {
        (("solution_config", "solution_id"), "string_pattern_mismatch"),
        (("solution_config", "name"), "string_too_short"),
        (("solution_config", "colour"), "extra_forbidden"),
    }


async def test_unknown_and_repeated_references_are_located(runtime: Runtime) -> None:
    config = {
        "solution_id": "s",
        "name": "S",
        "intents": ["ingest_file", "no_such_intent", "ingest_file"],
        "journeys": ["no_such_journey"],
    }
    got = await validate(runtime, config)
    assert located(got) == {
        (("solution_config", "intents", 1), "unknown_intent"),
        (("solution_config", "intents", 2), "duplicate"),
        (("solution_config", "journeys", 0), "unknown_journey"),
    }
    empty = await validate(runtime, {"solution_id": "s", "name": "S"})
    assert located(empty) == {(("solution_config",), "empty")}
