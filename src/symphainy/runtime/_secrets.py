"""Secret parameters: fields typed `SecretStr` are never written down, only handed over in memory.

A parameter such as a password or a bearer token must not land in the executions table, the
WAL or an event. Pydantic already renders a `SecretStr` as `**********` when the parameters are
dumped for storage; this vault carries the real values from `Runtime.submit` to the worker of
the same process. Such an execution therefore runs only in the process that accepted it: if
that process dies, the retry elsewhere fails with `SecretsUnavailable` (submit again) instead
of running with the mask as a password.
"""

from __future__ import annotations

import functools
import time
import types
import typing
from typing import Any

from pydantic import BaseModel, SecretStr

from symphainy.errors import RateLimited, SecretsUnavailable

VAULT_TTL_SECONDS = 3600.0
"""How long an unclaimed secret survives (an execution parked for longer must be resubmitted)."""


@functools.cache  # per parameters class: this runs on every submit and every execution
def secret_fields(model: type[BaseModel]) -> frozenset[str]:
    """The names of `model`'s `SecretStr` (or `SecretStr | None`) fields."""
    return frozenset(
        name for name, info in model.model_fields.items() if _is_secret(info.annotation)
    )


def _is_secret(annotation: Any) -> bool:
    if annotation is SecretStr:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(a is SecretStr for a in typing.get_args(annotation))
    return False


def refuse_unclaimed(intent_type: str, workers_enabled: bool) -> None:
    """Secret parameters need a local worker slot: say why there is none."""
    if not workers_enabled:
        raise SecretsUnavailable(
            f"{intent_type} takes secret parameters and this process runs no workers; "
            "submit it to a runtime that does"
        )
    raise RateLimited(
        f"every worker slot is busy; {intent_type} takes secret parameters and must run "
        "where it was accepted: retry shortly",
        retry_after=1,
    )


class SecretVault:
    """Plain secret values per execution, in this process only, for at most `ttl` seconds."""

    def __init__(self, ttl: float = VAULT_TTL_SECONDS) -> None:
        self._ttl = ttl
        self._values: dict[str, tuple[float, dict[str, str]]] = {}

    @staticmethod
    def extract(params: BaseModel) -> dict[str, str]:
        """The plain values of the secret fields that are set ({} for most intents)."""
        out = {}
        for name in secret_fields(type(params)):
            value = getattr(params, name)
            if isinstance(value, SecretStr):
                out[name] = value.get_secret_value()
        return out

    def stash(self, execution_id: str, values: dict[str, str]) -> None:
        """Keep `values` for the worker that will run `execution_id`."""
        self._expire()
        if values:
            self._values[execution_id] = (time.monotonic() + self._ttl, values)

    def merge(self, execution_id: str, model: type[BaseModel], stored: Any) -> Any:
        """The stored (masked) parameters with the real secrets put back."""
        wanted = secret_fields(model)
        if not wanted or not isinstance(stored, dict):
            return stored
        masked = {k for k in wanted if stored.get(k) is not None}
        entry = self._values.get(execution_id)
        if masked and (entry is None or not masked <= set(entry[1])):
            raise SecretsUnavailable(
                f"the secret parameters of execution {execution_id} did not survive a restart "
                "of the process that accepted it; submit the intent again"
            )
        return {**stored, **(entry[1] if entry else {})}

    def drop(self, execution_id: str) -> None:
        """Forget an execution's secrets (it reached a terminal state)."""
        self._values.pop(execution_id, None)

    def __len__(self) -> int:
        return len(self._values)

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, (deadline, _) in self._values.items() if deadline < now]:
            del self._values[key]


__all__ = ["SecretVault", "refuse_unclaimed", "secret_fields"]
