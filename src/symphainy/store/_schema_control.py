"""The control tables: schedules, signals, quotas, limits, search, retention, solutions.

Defined on the one `metadata` of `_schema` (which imports this module last).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from symphainy.store._schema import metadata, partial

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
        **partial("buffered_due IS NOT NULL"),
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


# A tenant's composed solutions: every version is a row, never changed once written, so an
# execution started under version n can always be traced back to what n was.
composed_solutions = Table(
    "composed_solutions",
    metadata,
    Column("tenant_id", String(128), nullable=False),
    Column("solution_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("name", String(128), nullable=False),
    Column("description", Text, nullable=False),
    # JSON: journeys, intents, and the template and parameters it was made from.
    Column("definition", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("created_by", String(128)),
    PrimaryKeyConstraint("tenant_id", "solution_id", "version", name="pk_composed_solutions"),
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
    "composed_solutions",
    "concurrency_limits",
    "execution_attributes",
    "execution_signals",
    "legal_holds",
    "retention_policies",
    "schedules",
    "signal_waits",
    "tenant_quotas",
    "wal_anchors",
]
