"""The batch-submit operation of the Experience SDK, declared once (see `_experience`).

`ExperienceSDK` inherits it; it lives here so each module stays small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from symphainy.contracts._batch import SubmitIntentsRequest, SubmitIntentsResponse
from symphainy.contracts._models import SubmitIntentRequest
from symphainy.contracts._operation import declared, operation


class BatchOperations(Protocol):
    """Many intents in one call: one request and one group of store writes instead of N."""

    @operation(
        "submit_intents",
        "POST",
        "/api/intent/submit-batch",
        SubmitIntentsResponse,
        SubmitIntentsRequest,
    )
    async def invoke_intents(
        self, intents: Sequence[SubmitIntentRequest | Mapping[str, Any]]
    ) -> SubmitIntentsResponse:
        """Submit several intents at once; returns at once with one result per item, in order.

        Each item takes what `invoke_intent` takes, as its wire body (`session_id`, not
        `session`; `idempotency_key` in the item). A malformed item (a missing `intent_type`,
        an unknown key) refuses the whole batch with a 422 and records nothing; an item the
        runtime refuses (unknown intent, invalid parameters, a role, a quota, a foreign
        session) gets its own `problem` while the others are recorded. The items are recorded
        concurrently (their writes share group commits), so which of them meets a quota first
        is not promised; each counts against the tenant's quotas as one submit, while the
        request counts once against the per-request rate limits. At most the Setting
        `max_submit_batch` items (500 by default); resubmit refused items with their own
        idempotency keys to retry them without duplicating the accepted ones.
        """
        declared()
