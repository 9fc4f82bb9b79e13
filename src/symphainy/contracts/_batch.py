"""Wire models of a batch submit: many intents in one request, each answered on its own."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from symphainy.contracts._models import Problem, SubmitIntentRequest, Wire, WireRequest

BATCH_MAX = 10_000
"""A format bound on a batch's length (the Setting `max_submit_batch` is the bound that applies)."""

__all__ = ["BATCH_MAX", "SubmitIntentsRequest", "SubmitIntentsResponse", "SubmittedIntent"]


class SubmitIntentsRequest(WireRequest):
    """Submit several intents in one request (at most the server's `max_submit_batch`).

    Each item is the body of a single submit. A malformed item refuses the whole request (422,
    nothing recorded); an item the runtime refuses (an unknown intent, invalid parameters, a
    role, a quota) is answered with its own problem and the others are still recorded.
    """

    intents: list[SubmitIntentRequest] = Field(min_length=1, max_length=BATCH_MAX)


class SubmittedIntent(Wire):
    """One item of a batch submit: its execution when accepted, its problem when refused."""

    execution_id: str | None = None
    intent_id: str | None = None
    created_at: datetime | None = None
    deduplicated: bool = False
    """Its idempotency key matched an earlier submit: `execution_id` is that execution."""
    problem: Problem | None = None
    """Why this item was refused (nothing of it was recorded)."""


class SubmitIntentsResponse(Wire):
    """A batch submit's answer: one result per item, in the request's order."""

    accepted: int
    """Items recorded (deduplicated ones included)."""
    refused: int
    """Items answered with a problem."""
    results: list[SubmittedIntent]
