"""The search operations of the Experience SDK, declared once (see `_experience`).

`ExperienceSDK` inherits them; they live here so each module stays small. Routes, clients,
MCP tools and docs find them through `protocol_members`, like the rest.
"""

from __future__ import annotations

from typing import Any, Protocol

from symphainy.contracts._models import (
    ArtifactPage,
    ExecutionPage,
    ListArtifactsRequest,
    ListExecutionsRequest,
)
from symphainy.contracts._operation import declared, operation


class SearchOperations(Protocol):
    """Find executions and artifacts of the caller's tenant by what they are and when."""

    @operation(
        "list_executions", "POST", "/api/execution/list", ExecutionPage, ListExecutionsRequest
    )
    async def list_executions(self, **filters: Any) -> ExecutionPage:
        """Executions matching every filter given, newest first (keyset paged by `cursor`).

        Filters: status, intent_type, intent_version, user_id, session_id,
        parent_execution_id, schedule_id, retry_of, error_type (a problem type's short name
        or URI), created_after / created_before and finished_after / finished_before (aware
        datetimes; at or after, strictly before), search_attributes (executions carrying
        every key given with exactly that value and type), exclude_attributes (leaving out
        executions carrying any of these), top_level (True: no children; False: only
        children) and id_prefix (ids starting with it).
        """
        declared()

    @operation("list_artifacts", "POST", "/api/artifact/list", ArtifactPage, ListArtifactsRequest)
    async def list_artifacts(self, **filters: Any) -> ArtifactPage:
        """Artifacts matching every filter given, newest first (keyset paged by `cursor`).

        Filters: artifact_type, lifecycle_state, execution_id and produced_by_intent (the
        producer), session_id, name_prefix / name_contains (case-sensitive, on the
        descriptor's `name`, else `ui_name`, `filename` or `title`), created_after /
        created_before.
        """
        declared()
