"""Schemathesis against the Runtime API's OpenAPI: no 5xx, and every answer matches the schema."""

from __future__ import annotations

from pathlib import Path

from tests.integration.openapi_fuzz import fuzz_openapi
from tests.integration.runtime_api.harness import auth, threaded_api

MAX_EXAMPLES = 25


def test_openapi_conformance(database_url: str, tmp_path: Path) -> None:
    with threaded_api(database_url, tmp_path) as url:
        fuzz_openapi(url, auth(), max_examples=MAX_EXAMPLES, min_operations=20)
