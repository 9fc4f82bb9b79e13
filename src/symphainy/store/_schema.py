"""Tables as SQLAlchemy Core metadata: the source for migrations and the drift test."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
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
    Index("ix_executions_parent", "parent_execution_id"),
    # Control Tower windows: finished executions by time, per tenant and platform-wide.
    Index("ix_executions_tenant_completed", "tenant_id", "completed_at"),
    Index("ix_executions_completed", "completed_at"),
    # A schedule's runs (its overlap check and the list filter); partial, so the many
    # executions no schedule started cost the index nothing on submit.
    Index(
        "ix_executions_schedule",
        "schedule_id",
        "status",
        sqlite_where=text("schedule_id IS NOT NULL"),
        postgresql_where=text("schedule_id IS NOT NULL"),
    ),
    # One retry per failed execution: a second one (a double click) is refused, not run twice.
    Index("ix_executions_retry_of", "retry_of", unique=True),
    # The claim order (priority, then the fair tag; both descending, so read backwards) over
    # queued rows only: a claim reads the end of this index, whatever the queue's length.
    Index(
        "ix_executions_queue",
        "priority",
        "fair_seq",
        sqlite_where=text(QUEUED_WHERE),
        postgresql_where=text(QUEUED_WHERE),
    ),
    # A tenant's last fair tag at a priority (where its next submission queues).
    Index(
        "ix_executions_tenant_queue",
        "tenant_id",
        "priority",
        "fair_seq",
        sqlite_where=text(QUEUED_WHERE),
        postgresql_where=text(QUEUED_WHERE),
    ),
)

concurrency_limits = Table(
    "concurrency_limits",
    metadata,
    # A tenant's override of an intent type's registered limit on running executions.
    Column("tenant_id", String(128), nullable=False),
    Column("intent_type", String(128), nullable=False),
    Column("max_running", Integer, nullable=False),
    Column("updated_at", Float, nullable=False),
    PrimaryKeyConstraint("tenant_id", "intent_type", name="pk_concurrency_limits"),
)

# One row per search attribute of an execution, its value in the column of its type, so each
# type has its own (tenant, key, value) index. Deleting the execution deletes its rows.
execution_attributes = Table(
    "execution_attributes",
    metadata,
    Column(
        "execution_id",
        String(64),
        ForeignKey("executions.execution_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("key", String(64), nullable=False),
    Column("tenant_id", String(128), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("value_str", String(256)),
    Column("value_int", BigInteger),
    Column("value_num", Float),
    PrimaryKeyConstraint("execution_id", "key", name="pk_execution_attributes"),
    Index("ix_execution_attributes_str", "tenant_id", "key", "value_str"),
    Index("ix_execution_attributes_int", "tenant_id", "key", "value_int"),
    Index("ix_execution_attributes_num", "tenant_id", "key", "value_num"),
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

schedules = Table(
    "schedules",
    metadata,
    Column("schedule_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("intent_type", String(128), nullable=False),
    Column("journey_id", String(128)),
    Column("parameters", Text, nullable=False),
    Column("cron", String(256)),
    Column("timezone", String(64)),
    Column("every_seconds", Integer),
    Column("at", Float),
    Column("session_id", String(64)),
    Column("user_id", String(128)),
    Column("roles", Text, nullable=False),
    Column("overlap", String(16), nullable=False),
    Column("catchup", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("next_due", Float),
    Column("last_due", Float),
    Column("last_execution_id", String(64)),
    Column("buffered_due", Float),
    Column("last_error", Text),
    Column("lease_owner", String(128)),
    Column("lease_expires", Float),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("priority", Integer, nullable=False, server_default="0"),
    # The scheduler's question: which active schedules are due (or hold a buffered run)?
    Index("ix_schedules_due", "status", "next_due"),
    Index("ix_schedules_tenant_created", "tenant_id", "created_at", "schedule_id"),
    Index(
        "ix_schedules_buffered",
        "buffered_due",
        sqlite_where=text("buffered_due IS NOT NULL"),
        postgresql_where=text("buffered_due IS NOT NULL"),
    ),
)

execution_signals = Table(
    "execution_signals",
    metadata,
    Column("signal_id", String(64), primary_key=True),
    Column("tenant_id", String(128), nullable=False),
    Column("execution_id", String(64), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("name", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("sent_by", String(128)),
    Column("sent_at", Float, nullable=False),
    Column("consumed_by", String(256)),
    Column("consumed_at", Float),
    UniqueConstraint("execution_id", "seq", name="uq_execution_signals_seq"),
    Index("ix_execution_signals_name", "execution_id", "name", "seq"),
)

tenant_quotas = Table(
    "tenant_quotas",
    metadata,
    Column("tenant_id", String(128), primary_key=True),
    # Overrides of the Settings defaults (NULL: the default applies).
    Column("max_queued", BigInteger),
    Column("max_running", BigInteger),
    Column("max_submits_per_minute", BigInteger),
    Column("storage_bytes", BigInteger),
    Column("reasoning_tokens_per_day", BigInteger),
    # Bytes of blobs the tenant holds, charged and refunded as blobs are written and deleted.
    Column("storage_used", BigInteger, nullable=False, server_default="0"),
    Column("updated_at", Float, nullable=False),
    # Submissions in the UTC minute starting at `minute_start` (kept while a per-minute limit is).
    Column("minute_start", Float),
    Column("minute_count", BigInteger, nullable=False, server_default="0"),
)
# The queue-quota count (a tenant's executions in the queued statuses) reads only this index.
Index("ix_executions_tenant_status", executions.c.tenant_id, executions.c.status)

signal_waits = Table(
    "signal_waits",
    metadata,
    Column("execution_id", String(64), nullable=False),
    Column("consumer", String(256), nullable=False),
    Column("tenant_id", String(128), nullable=False),
    Column("name", String(64), nullable=False),
    Column("deadline", Float),
    Column("status", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    PrimaryKeyConstraint("execution_id", "consumer", name="pk_signal_waits"),
    Index("ix_signal_waits_due", "status", "deadline"),
)

# Retention (issue #18): a tenant's policy (NULL: the platform default from Settings), legal
# holds that keep an execution or artifact whatever the policy says, and the signed anchor
# a compacted WAL chain starts from.
retention_policies = Table(
    "retention_policies",
    metadata,
    Column("tenant_id", String(128), primary_key=True),
    Column("execution_days", Integer),
    Column("artifact_days", Integer),
    Column("wal_days", Integer),
    Column("updated_by", String(128)),
    Column("updated_at", Float, nullable=False),
)

legal_holds = Table(
    "legal_holds",
    metadata,
    Column("tenant_id", String(128), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("placed_by", String(128)),
    Column("placed_at", Float, nullable=False),
    PrimaryKeyConstraint("tenant_id", "kind", "target_id", name="pk_legal_holds"),
)

wal_anchors = Table(
    "wal_anchors",
    metadata,
    Column("tenant_id", String(128), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("checkpoint", Text, nullable=False),
    Column("compacted_at", Float, nullable=False),
)

__all__ = [
    "api_keys",
    "artifact_parents",
    "artifacts",
    "concurrency_limits",
    "execution_attributes",
    "executions",
    "invitations",
    "legal_holds",
    "metadata",
    "pending_intents",
    "reasoning_usage",
    "retention_policies",
    "schedules",
    "sessions",
    "signal_waits",
    "state",
    "tenant_quotas",
    "tenants",
    "tokens",
    "users",
    "wal",
    "wal_anchors",
    "wal_heads",
    "workers",
]
