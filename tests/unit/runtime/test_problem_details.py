"""Problem details are read by people: nothing in them points at a library's help pages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError

from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext, IntentRegistry, RetryPolicy, SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.runtime.intents import Empty, Value

T = "tenant-a"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int


def registry() -> IntentRegistry:
    reg = IntentRegistry()

    @reg.intent(
        "validate_inside",
        params=Empty,
        result=Value,
        realm="test",
        retry=RetryPolicy(max_attempts=1),
    )
    async def validate_inside(ctx: ExecutionContext, p: Empty) -> Value:
        Strict.model_validate({"count": "many", "extra": 1})  # a handler's own model refuses
        return Value(value=0)

    return reg


async def test_a_handlers_validation_error_reads_without_pydantics_help_link(
    database_url: str, tmp_path
) -> None:
    async with local_runtime(
        registry(), database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        sub = await rt.submit(SubmitIntent(T, "validate_inside", {}))
        view = await rt.wait(T, sub.execution_id, timeout=10)
    assert view.status == "failed"
    assert view.error is not None
    detail = view.error.detail
    assert "errors.pydantic.dev" not in detail
    assert "For further information" not in detail
    assert detail.startswith("ValidationError: count: Input should be a valid integer")
    assert "extra: Extra inputs are not permitted" in detail


def test_a_detail_built_from_pydantics_text_loses_its_help_links() -> None:
    try:
        Strict.model_validate({"count": "many"})
    except ValidationError as exc:
        text = str(exc)
    assert "errors.pydantic.dev" in text  # what a handler's f"{exc}" would carry
    problem = InvalidRequest(f"bad options: {text}").to_problem()
    assert "errors.pydantic.dev" not in str(problem["detail"])
    assert "For further information" not in str(problem["detail"])
    assert "Input should be a valid integer" in str(problem["detail"])
