"""The caller facade's batch submit (see `_facade`): N intents, one request, one group commit.

Each item goes through exactly the checks and the recording of a single submit
(`CallerFacade.submit`); the items run concurrently, so their store writes share group
commits (and the submit lanes keep another tenant's single submit from waiting behind them).
An item's refusal is its own answer; only a malformed batch refuses every item.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel

from symphainy.contracts import Problem, SubmitIntentRequest, SubmitIntentResponse
from symphainy.contracts._batch import SubmitIntentsRequest, SubmitIntentsResponse, SubmittedIntent
from symphainy.errors import InvalidParameters, SymphainyError
from symphainy.runtime._caller import CallerRuntime, checked
from symphainy.security._principal import Principal


class BatchOperations(Protocol):
    """The batch submit for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    def _fits(self, value: Any) -> None: ...

    async def submit(
        self, body: SubmitIntentRequest, request_id: str | None = None
    ) -> SubmitIntentResponse: ...

    async def invoke_intents(
        self, intents: Sequence[SubmitIntentRequest | Mapping[str, Any]]
    ) -> SubmitIntentsResponse:
        """Submit every item as `submit` would; one result per item, in order."""
        body = self._checked(intents)
        cap = self._rt.settings.max_submit_batch
        if len(body.intents) > cap:
            raise InvalidParameters(
                f"a batch takes at most {cap} intents (max_submit_batch)",
                errors=[{"loc": ["body", "intents"], "msg": "too many", "type": "too_long"}],
            )
        results = await asyncio.gather(*(self._submit_item(item) for item in body.intents))
        refused = sum(1 for r in results if r.problem is not None)
        return SubmitIntentsResponse(
            accepted=len(results) - refused, refused=refused, results=list(results)
        )

    def _checked(
        self, intents: Sequence[SubmitIntentRequest | Mapping[str, Any]]
    ) -> SubmitIntentsRequest:
        models = [i for i in intents if isinstance(i, SubmitIntentRequest)]
        if models and len(models) == len(intents):
            # Checked bodies (a route's, as `submit` takes them): not checked a second time.
            return SubmitIntentsRequest.model_construct(intents=models)
        wire = [i.model_dump(mode="json") if isinstance(i, BaseModel) else i for i in intents]
        self._fits({"intents": wire})
        return checked(SubmitIntentsRequest, intents=wire)

    async def _submit_item(self, item: SubmitIntentRequest) -> SubmittedIntent:
        try:
            done = await self.submit(item)
        except SymphainyError as exc:
            return SubmittedIntent(problem=Problem.model_validate(exc.to_problem()))
        return SubmittedIntent(
            execution_id=done.execution_id,
            intent_id=done.intent_id,
            created_at=done.created_at,
            deduplicated=done.deduplicated,
        )
