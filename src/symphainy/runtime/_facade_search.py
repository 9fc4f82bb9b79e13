"""The caller facade's search operations, with their checks (see `_facade.CallerFacade`).

Every filter of a list is checked by its wire model (unknown filters, bad types, naive
datetimes and malformed attributes are 422s) and applied within the caller's tenant only.
"""

from __future__ import annotations

from typing import Any

from symphainy.contracts import (
    ArtifactPage,
    ExecutionPage,
    ListArtifactsRequest,
    ListExecutionsRequest,
)
from symphainy.runtime._caller import CallerRuntime, checked
from symphainy.runtime._search import artifact_filters, execution_filters
from symphainy.security._principal import Principal


class SearchOperations:
    """Execution and artifact search for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    async def list_executions(self, **filters: Any) -> ExecutionPage:
        """A page of the caller's tenant's executions matching every filter, newest first."""
        body = checked(ListExecutionsRequest, **filters)
        return await self._rt.list_executions(
            self.principal.tenant_id,
            limit=body.limit,
            cursor=body.cursor,
            **execution_filters(body),
        )

    async def list_artifacts(self, **filters: Any) -> ArtifactPage:
        """A page of the caller's tenant's artifacts matching every filter, newest first."""
        body = checked(ListArtifactsRequest, **filters)
        return await self._rt.artifacts.list(
            self.principal.tenant_id,
            limit=body.limit,
            cursor=body.cursor,
            **artifact_filters(body),
        )
