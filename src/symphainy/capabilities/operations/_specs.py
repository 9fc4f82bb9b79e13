"""IntentSpec construction shared by the operations and outcomes capabilities."""

from __future__ import annotations

from pydantic import BaseModel

from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

READ_WRITE = ("artifacts.read", "blobs.read", "artifacts.register", "blobs.write")


def spec(
    realm: str,
    intent: tuple[str, type[BaseModel], type[BaseModel], str],
    produces: tuple[str, ...] = (),
    obligations: tuple[str, ...] = READ_WRITE,
) -> IntentSpec:
    """An intent of `realm`: (type, params, result, description); two attempts, 5 minutes.

    The second attempt covers a worker lost mid-run; handlers register fresh artifacts, so a
    retry never half-updates an earlier result.
    """
    intent_type, params, result, description = intent
    return IntentSpec(
        intent_type,
        params,
        result,
        realm,
        description,
        retry=RetryPolicy(max_attempts=2, backoff_seconds=0.5),
        timeout_seconds=300,
        produces=produces,
        experience=f"{realm}_pillar",
        obligations=obligations,
    )


def register_all(registry: IntentRegistry, specs: list[tuple[IntentSpec, Handler]]) -> None:
    """Register every (spec, handler) pair."""
    for item, handler in specs:
        registry.register(item, handler)
