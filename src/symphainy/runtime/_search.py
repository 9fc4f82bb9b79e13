"""Search: a checked list request as the store's filters (times as epoch seconds)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from symphainy.contracts import ListArtifactsRequest, ListExecutionsRequest
from symphainy.errors import PROBLEM_BASE


def _store_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.timestamp() if isinstance(v, datetime) else v for k, v in values.items()}


def execution_filters(body: ListExecutionsRequest) -> dict[str, Any]:
    """The store filters of an execution list request (paging left to the caller)."""
    tagged = {"search_attributes", "exclude_attributes"}
    values = _store_values(body.model_dump(exclude={"limit", "cursor", *tagged}))
    # Attributes go as the wire writes them (a datetime tagged), which the store indexes by.
    values.update(body.model_dump(mode="json", include=tagged))
    if body.error_type is not None and "://" not in body.error_type:
        values["error_type"] = PROBLEM_BASE + body.error_type  # a short name, as errors print it
    return values


def artifact_filters(body: ListArtifactsRequest) -> dict[str, Any]:
    """The store filters of an artifact list request (paging left to the caller)."""
    return _store_values(body.model_dump(exclude={"limit", "cursor"}))
