"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "artifact_parents",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("artifact_id", sa.String(length=64), nullable=False),
        sa.Column("parent_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("artifact_id", "parent_id", name="pk_artifact_parents"),
    )
    with op.batch_alter_table("artifact_parents", schema=None) as batch_op:
        batch_op.create_index("ix_artifact_parents_parent", ["parent_id"], unique=False)

    op.create_table(
        "artifacts",
        sa.Column("artifact_id", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("artifact_type", sa.String(length=64), nullable=False),
        sa.Column("lifecycle_state", sa.String(length=16), nullable=False),
        sa.Column("produced_by_intent", sa.String(length=128), nullable=True),
        sa.Column("produced_by_execution", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("semantic_descriptor", sa.Text(), nullable=False),
        sa.Column("materializations", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("artifact_id"),
    )
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.create_index("ix_artifacts_execution", ["produced_by_execution"], unique=False)
        batch_op.create_index(
            "ix_artifacts_tenant",
            ["tenant_id", "artifact_type", "lifecycle_state", "created_at"],
            unique=False,
        )

    op.create_table(
        "executions",
        sa.Column("execution_id", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("intent_id", sa.String(length=64), nullable=False),
        sa.Column("intent_type", sa.String(length=128), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("solution_id", sa.String(length=128), nullable=True),
        sa.Column("user_id", sa.String(length=128), nullable=True),
        sa.Column("parent_execution_id", sa.String(length=64), nullable=True),
        sa.Column("idempotency_key", sa.String(length=256), nullable=True),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("metadata", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(length=128), nullable=True),
        sa.Column("lease_expires", sa.Float(), nullable=True),
        sa.Column("run_after", sa.Float(), nullable=False),
        sa.Column("cancel_requested", sa.Integer(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("correlation_id", sa.String(length=128), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=True),
        sa.Column("completed_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("execution_id"),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_executions_idempotency"),
    )
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.create_index("ix_executions_claim", ["status", "run_after"], unique=False)
        batch_op.create_index("ix_executions_parent", ["parent_execution_id"], unique=False)
        batch_op.create_index("ix_executions_tenant", ["tenant_id", "created_at"], unique=False)

    op.create_table(
        "pending_intents",
        sa.Column("intent_id", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("intent_type", sa.String(length=128), nullable=False),
        sa.Column("target_artifact_id", sa.String(length=64), nullable=True),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.String(length=128), nullable=True),
        sa.Column("execution_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("intent_id"),
    )
    with op.batch_alter_table("pending_intents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pending_tenant", ["tenant_id", "status", "created_at"], unique=False
        )

    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=True),
        sa.Column("is_anonymous", sa.Integer(), nullable=False),
        sa.Column("metadata", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("upgraded_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("session_id"),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index("ix_sessions_tenant", ["tenant_id", "created_at"], unique=False)

    op.create_table(
        "state",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=256), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "scope", "scope_id", "key", name="pk_state"),
    )
    op.create_table(
        "wal",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("execution_id", sa.String(length=64), nullable=True),
        sa.Column("exec_seq", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "seq", name="pk_wal"),
    )
    with op.batch_alter_table("wal", schema=None) as batch_op:
        batch_op.create_index("ix_wal_execution", ["execution_id", "exec_seq"], unique=True)

    op.create_table(
        "wal_heads",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.String(length=128), nullable=False),
        sa.Column("host", sa.String(length=256), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("heartbeat_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("worker_id"),
    )


def downgrade() -> None:
    op.drop_table("workers")
    op.drop_table("wal_heads")
    with op.batch_alter_table("wal", schema=None) as batch_op:
        batch_op.drop_index("ix_wal_execution")

    op.drop_table("wal")
    op.drop_table("state")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_tenant")

    op.drop_table("sessions")
    with op.batch_alter_table("pending_intents", schema=None) as batch_op:
        batch_op.drop_index("ix_pending_tenant")

    op.drop_table("pending_intents")
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_index("ix_executions_tenant")
        batch_op.drop_index("ix_executions_parent")
        batch_op.drop_index("ix_executions_claim")

    op.drop_table("executions")
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.drop_index("ix_artifacts_tenant")
        batch_op.drop_index("ix_artifacts_execution")

    op.drop_table("artifacts")
    with op.batch_alter_table("artifact_parents", schema=None) as batch_op:
        batch_op.drop_index("ix_artifact_parents_parent")

    op.drop_table("artifact_parents")
