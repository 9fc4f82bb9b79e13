"""SubmitIntent: one intent submission, as the Runtime receives it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES_KEY = "submitted_by_roles"
"""Execution metadata key holding the submitter's roles (written by the runtime only)."""
ANONYMOUS_KEY = "submitted_anonymously"
"""Execution metadata key: whether the submitter was anonymous (written by the runtime only)."""


@dataclass(frozen=True, slots=True)
class SubmitIntent:
    """One intent submission; `tenant_id` comes from the caller's credential."""

    tenant_id: str
    intent_type: str
    parameters: dict[str, Any] = field(default_factory=dict)
    session_id: str | None = None
    solution_id: str | None = None
    user_id: str | None = None
    idempotency_key: str | None = None
    intent_id: str | None = None
    parent_execution_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    correlation_id: str | None = None
    request_id: str | None = None
    anonymous: bool = False
    roles: tuple[str, ...] = ()
    """The caller's roles, from the same credential as `tenant_id` (for `IntentSpec.role`)."""
