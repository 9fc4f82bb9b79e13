"""validate_solution: field-level errors located in the definition; nothing is registered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from symphainy.runtime import Runtime, SubmitIntent
from tests.unit.capabilities.control_tower.conftest import OPS, A, B, result, run


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


async def test_a_registered_solution_id_is_taken(runtime: Runtime) -> None:
    got = await validate(
        runtime, {"solution_id": "test_bundle", "name": "T", "intents": ["add_one"]}
    )
    assert located(got) == {(("solution_config", "solution_id"), "duplicate")}


async def submit_in_solution(
    rt: Runtime, tenant: str, jobs: list[tuple[str, dict[str, Any]]]
) -> list[Any]:
    subs = [await rt.submit(SubmitIntent(tenant, i, p, solution_id="test_bundle")) for i, p in jobs]
    return [await rt.wait(tenant, s.execution_id, timeout=60) for s in subs]


async def test_solutions_list_their_activity(runtime: Runtime) -> None:
    idle = await result(runtime, "list_solutions", {"active_only": True})
    assert idle["solutions"] == []
    views = await submit_in_solution(runtime, A, [("add_one", {"x": 1})] * 3 + [("refuse", {})])
    await submit_in_solution(runtime, B, [("add_one", {"x": 1})] * 5)
    got = await result(runtime, "list_solutions")
    [bundle] = [s for s in got["solutions"] if s["solution_id"] == "test_bundle"]
    assert (bundle["executions"], bundle["active"]) == (4, True)
    assert bundle["intents"] == ["add_one", "refuse"]
    newest = max(v.created_at for v in views)
    assert abs(datetime.fromisoformat(bundle["last_execution_at"]) - newest).total_seconds() < 0.001
    ops = await result(runtime, "list_solutions", {"scope": "platform"}, OPS)
    assert next(s for s in ops["solutions"] if s["solution_id"] == "test_bundle")["executions"] == 9


async def test_solution_status_reports_its_executions(runtime: Runtime) -> None:
    await submit_in_solution(runtime, A, [("add_one", {"x": 1})] * 3 + [("refuse", {})] * 2)
    await submit_all_plain(runtime)
    got = await result(runtime, "get_solution_status", {"solution_id": "test_bundle"})
    assert got["status"] == "degraded"
    assert got["journeys"] == []
    by = {t["intent_type"]: t for t in got["by_intent"]}
    assert set(by) == {"add_one", "refuse"}  # executions outside the solution do not count
    assert (by["add_one"]["completed"], by["refuse"]["failed"]) == (3, 2)
    assert got["total"]["success_rate"] == 0.6
    missing = await run(runtime, "get_solution_status", {"solution_id": "nope"})
    assert missing.error is not None
    assert missing.error.status == 404


async def submit_all_plain(rt: Runtime) -> None:
    sub = await rt.submit(SubmitIntent(A, "add_one", {"x": 5}))
    await rt.wait(A, sub.execution_id, timeout=60)
