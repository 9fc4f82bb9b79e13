"""Submit: the one intent route written by hand (200 when deduplicated, the key header)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header
from fastapi.responses import Response

from symphainy.contracts import SubmitIntentRequest
from symphainy.runtime.api._deps import Facade, operation, reply
from symphainy.web import api_router

router = api_router(errors=(), tags=["intents"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=256)]
RequestId = Annotated[str | None, Header(alias="X-Request-ID", max_length=128)]


@operation(router, "submit_intent", status_code=202)
async def submit_intent(
    body: SubmitIntentRequest,
    facade: Facade,
    idempotency_key: IdempotencyKey = None,
    request_id: RequestId = None,
) -> Response:
    """Validate and record an intent; 202 when new, 200 when an idempotency key matched.

    The `Idempotency-Key` header, when sent, takes precedence over the body's key.
    """
    if idempotency_key is not None:
        body = body.model_copy(update={"idempotency_key": idempotency_key})
    submitted = await facade.submit(body, request_id)
    return reply(submitted, 200 if submitted.deduplicated else 202)
