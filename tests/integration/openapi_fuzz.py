"""Schemathesis against a served OpenAPI: every answer conforms, not only "no 5xx".

Shared by the Runtime API and the Experience service tests. Bounded (a few examples per
operation) and derandomized, so it stays fast and never flaky.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection

import pytest

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

CALL_SECONDS = 30
STREAM_SECONDS = 1.5
"""How long an event stream is read: a live stream (pending intents) stays open, and what it
sent by then is what is checked (schemathesis validates each event it read)."""
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
    schemathesis.checks.unsupported_method,
    schemathesis.checks.allow_header_conformance,
]
# Refusals JSON Schema cannot state: integers beyond 64 bits, NUL characters (PostgreSQL text),
# opaque tokens the server signed (list cursors, WAL checkpoints), email addresses (checked
# after NFKC normalisation), a schedule's cron syntax, time zone name and a moment already
# past, and a start time further ahead than a Setting allows (relative to now). Schema-valid
# data may meet them. And the empty upload: schemathesis sends raw-byte bodies (`*/*`) empty.
UNSTATABLE = (
    "integers must fit in 64 bits",
    "not a valid cron expression",
    "unknown IANA time zone",
    "the time has passed",
    "(max_not_before_seconds)",
    "NUL characters",
    "/invalid-cursor",
    "invalid WAL checkpoint",
    "email is not a valid address",
    "the upload is empty",
)


def fuzz_openapi(
    url: str,
    headers: dict[str, str],
    *,
    max_examples: int,
    min_operations: int,
    skip: Collection[str] = (),
    positive_acceptance: bool = True,
) -> None:
    """Positive and negative cases for every operation (except `skip` paths), all checks on.

    `positive_acceptance` also asks that schema-valid data be accepted (2xx or a documented
    refusal such as 404): only for an API whose schema states every rule its routes apply.
    """
    checks = (
        [*CHECKS, schemathesis.checks.positive_data_acceptance] if positive_acceptance else CHECKS
    )
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= min_operations
    for operation in operations:
        if operation.path in skip:
            continue
        timeout = STREAM_SECONDS if _streams(operation) else CALL_SECONDS
        _fuzz(operation.as_strategy(), url, headers, max_examples, checks, timeout)
        # Invalid input too: refused with a documented 4xx, never a 5xx. Operations with
        # nothing to make invalid (no parameters, no body) are unsatisfiable: skip them.
        with contextlib.suppress(hypothesis.errors.Unsatisfiable):
            negative = operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
            _fuzz(negative, url, headers, max_examples, checks, timeout)


def _streams(operation) -> bool:  # type: ignore[no-untyped-def]
    """Whether the operation answers with an event stream (which may stay open)."""
    return "text/event-stream" in json.dumps(operation.definition.raw.get("responses", {}))


def _fuzz(  # type: ignore[no-untyped-def]
    strategy, url: str, headers: dict[str, str], max_examples: int, checks, timeout: float
) -> None:
    settings = hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )

    @settings
    @hypothesis.given(case=strategy)
    def check(case) -> None:
        response = case.call(base_url=url, headers=headers, timeout=timeout)
        unstatable = response.status_code in (400, 422) and any(
            reason in response.text for reason in UNSTATABLE
        )
        excluded = [schemathesis.checks.positive_data_acceptance] if unstatable else []
        case.validate_response(response, headers=headers, checks=checks, excluded_checks=excluded)

    check()
