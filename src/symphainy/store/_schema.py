"""Tables as SQLAlchemy Core metadata: the source for migrations and the drift test.

The core tables are here; the tables of schedules, signals, quotas, limits, search and
retention are in `_schema_control` (imported at the end, so `metadata` holds them all).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

QUEUED_WHERE = "status IN ('created', 'scheduled')"
"""The predicate of queued rows (partial indexes; the same text as `_delayed.QUEUED_SQL`)."""


def partial(where: str) -> dict[str, Any]:
    """The options of an index over the rows `where` holds for, on both engines."""
    clause = text(where)
    return {"sqlite_where": clause, "postgresql_where": clause}


sessions = Table(
    "sessions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("user_id", String(128)),
    Column("is_anonymous", Integer, nullable=False),
    Column("metadata", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("upgraded_at", Float),
    Index("ix_sessions_tenant", "tenant_id", "created_at"),
)

executions = Table(
    "executions",
    metadata,
    Column("execution_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("intent_id", String(64), nullable=False),
    Column("intent_type", String(128), nullable=False),
    Column("session_id", String(64)),
    Column("solution_id", String(128)),
    Column("user_id", String(128)),
    Column("parent_execution_id", String(64)),
    Column("idempotency_key", String(256)),
    Column("parameters", Text, nullable=False),
    Column("metadata", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    Column("result", Text),
    Column("error", Text),
    Column("lease_owner", String(128)),
    Column("lease_expires", Float),
    Column("run_after", Float, nullable=False),
    Column("cancel_requested", Integer, nullable=False),
    Column("event_seq", Integer, nullable=False),
    Column("correlation_id", String(128)),
    Column("request_id", String(128)),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("started_at", Float),
    Column("completed_at", Float),
    Column("schedule_id", String(64)),
    Column("schedule_due", Float),
    # A delayed start as asked for (run_after moves with retries; this stays what was asked).
    Column("not_before", Float),
    # Rows written before versions ran version 1, the version every registration defaults to.
    Column("intent_version", Integer, nullable=False, server_default="1"),
    Column("retry_of", String(64)),
    # Higher runs first; fair_seq (taken highest first) orders a priority's queue round-robin
    # across tenants (store/_queue.py assigns it at submit).
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("fair_seq", BigInteger, nullable=False, server_default="0"),
    # The caller's search attributes as given (JSON), for the view; indexed in
    # `execution_attributes`.
    Column("search_attributes", Text),
    # The W3C trace context of the submit (null when tracing was off), restored by the worker.
    Column("traceparent", String(55)),
    Column("tracestate", String(512)),
    UniqueConstraint("tenant_id", "idempotency_key", name="uq_executions_idempotency"),
    Index("ix_executions_claim", "status", "run_after"),
    # Lists page by keyset in (created_at, id) order: the primary key breaks timestamp ties.
    Index("ix_executions_tenant", "tenant_id", "created_at", "execution_id"),
    # Partial: a new execution leaves these columns NULL and so costs them nothing (0016).
    Index(
        "ix_executions_parent", "parent_execution_id", **partial("parent_execution_id IS NOT NULL")
    ),
    # Control Tower windows: finished executions by time, per tenant and platform-wide.
    Index(
        "ix_executions_tenant_completed",
        "tenant_id",
        "completed_at",
        **partial("completed_at IS NOT NULL"),
    ),
    Index("ix_executions_completed", "completed_at", **partial("completed_at IS NOT NULL")),
    # A schedule's runs (its overlap check and the list filter); partial, so the many
    # executions no schedule started cost the index nothing on submit.
    Index(
        "ix_executions_schedule",
        "schedule_id",
        "status",
        **partial("schedule_id IS NOT NULL"),
    ),
    # One retry per failed execution: a second one (a double click) is refused, not run twice.
    Index("ix_executions_retry_of", "retry_of", unique=True, **partial("retry_of IS NOT NULL")),
    # The claim order (priority, then the fair tag; both descending, so read backwards) over
    # queued rows only: a claim reads the end of this index, whatever the queue's length.
    Index(
        "ix_executions_queue",
        "priority",
        "fair_seq",
        **partial(QUEUED_WHERE),
    ),
    # A tenant's last fair tag at a priority (where its next submission queues).
    Index(
        "ix_executions_tenant_queue",
        "tenant_id",
        "priority",
        "fair_seq",
        **partial(QUEUED_WHERE),
    ),
)


wal = Table(
    "wal",
    metadata,
    Column("tenant_id", String(128), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("execution_id", String(64)),
    Column("exec_seq", Integer),
    Column("payload", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("tenant_id", "seq", name="pk_wal"),
    Index("ix_wal_execution", "execution_id", "exec_seq", unique=True),
)

wal_heads = Table(
    "wal_heads",
    metadata,
    Column("tenant_id", String(128), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

state = Table(
    "state",
    metadata,
    Column("tenant_id", String(128), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("scope_id", String(64), nullable=False),
    Column("key", String(256), nullable=False),
    Column("value", Text, nullable=False),
    Column("expires_at", Float),
    Column("updated_at", Float, nullable=False),
    PrimaryKeyConstraint("tenant_id", "scope", "scope_id", "key", name="pk_state"),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("artifact_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("artifact_type", String(64), nullable=False),
    Column("lifecycle_state", String(16), nullable=False),
    Column("produced_by_intent", String(128)),
    Column("produced_by_execution", String(64)),
    Column("session_id", String(64)),
    Column("semantic_descriptor", Text, nullable=False),
    Column("materializations", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("ix_artifacts_tenant", "tenant_id", "artifact_type", "lifecycle_state", "created_at"),
    Index("ix_artifacts_execution", "produced_by_execution"),
    Index("ix_artifacts_tenant_created", "tenant_id", "created_at", "artifact_id"),
)

artifact_parents = Table(
    "artifact_parents",
    metadata,
    Column("tenant_id", String(128), nullable=False),
    Column("artifact_id", String(64), nullable=False),
    Column("parent_id", String(64), nullable=False),
    PrimaryKeyConstraint("artifact_id", "parent_id", name="pk_artifact_parents"),
    Index("ix_artifact_parents_parent", "parent_id"),
)

pending_intents = Table(
    "pending_intents",
    metadata,
    Column("intent_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("intent_type", String(128), nullable=False),
    Column("target_artifact_id", String(64)),
    Column("context", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("session_id", String(64)),
    Column("user_id", String(128)),
    Column("execution_id", String(64)),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("ix_pending_tenant", "tenant_id", "status", "created_at"),
    Index("ix_pending_tenant_created", "tenant_id", "created_at", "intent_id"),
)

workers = Table(
    "workers",
    metadata,
    Column("worker_id", String(128), primary_key=True),
    Column("host", String(256), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("heartbeat_at", Float, nullable=False),
)

tenants = Table(
    "tenants",
    metadata,
    Column("tenant_id", String(128), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("created_at", Float, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("email", String(320), nullable=False),
    Column("email_normalised", String(320), nullable=False),
    Column("name", String(256), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("email_normalised", name="uq_users_email"),
    Index("ix_users_tenant", "tenant_id", "created_at"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_id", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("tenant_id", String(128), nullable=False),
    Column("user_id", String(64)),
    Column("session_id", String(64)),
    Column("family_id", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("revoked_at", Float),
    Column("revoked_reason", String(32)),
    Index("ix_tokens_family", "family_id"),
    Index("ix_tokens_user", "tenant_id", "user_id"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(64), primary_key=True),
    Column("key_hash", String(64), nullable=False),
    Column("tenant_id", String(128), nullable=False),
    Column("name", String(128), nullable=False),
    Column("roles", Text, nullable=False),
    Column("created_by", String(64)),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),
    Index("ix_api_keys_tenant", "tenant_id", "created_at"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("invitation_id", String(64), primary_key=True),
    Column("code_hash", String(64), nullable=False),
    Column("tenant_id", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_by", String(64)),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("used_at", Float),
    Column("used_by", String(64)),
    Index("ix_invitations_tenant", "tenant_id", "created_at"),
)

reasoning_usage = Table(
    "reasoning_usage",
    metadata,
    Column("usage_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("execution_id", String(64)),
    Column("intent_type", String(128)),
    Column("prompt_name", String(128), nullable=False),
    Column("model", String(128), nullable=False),
    Column("prompt_tokens", Integer, nullable=False),
    Column("completion_tokens", Integer, nullable=False),
    Column("total_tokens", Integer, nullable=False),
    Column("reported", Integer, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Index("ix_reasoning_usage_tenant", "tenant_id", "created_at"),
)


# The queue-quota count (a tenant's executions in the queued statuses) reads only this index.
Index("ix_executions_tenant_status", executions.c.tenant_id, executions.c.status)


__all__ = [
    "api_keys",
    "artifact_parents",
    "artifacts",
    "executions",
    "invitations",
    "metadata",
    "pending_intents",
    "reasoning_usage",
    "sessions",
    "state",
    "tenants",
    "tokens",
    "users",
    "wal",
    "wal_heads",
    "workers",
]

# Registers the control tables on `metadata` (they import it from here, hence at the end).
from symphainy.store import _schema_control  # noqa: E402, F401
