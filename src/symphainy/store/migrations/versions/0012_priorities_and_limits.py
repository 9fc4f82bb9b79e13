"""priorities and concurrency limits: execution priority and fair tag, per-tenant limits

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

QUEUED_WHERE = "status IN ('created', 'scheduled')"


def upgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("fair_seq", sa.BigInteger(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
    where = sa.text(QUEUED_WHERE)
    op.create_index(
        "ix_executions_queue",
        "executions",
        ["priority", "fair_seq"],
        sqlite_where=where,
        postgresql_where=where,
    )
    op.create_index(
        "ix_executions_tenant_queue",
        "executions",
        ["tenant_id", "priority", "fair_seq"],
        sqlite_where=where,
        postgresql_where=where,
    )
    op.create_table(
        "concurrency_limits",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("intent_type", sa.String(length=128), nullable=False),
        sa.Column("max_running", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "intent_type", name="pk_concurrency_limits"),
    )


def downgrade() -> None:
    op.drop_table("concurrency_limits")
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_column("priority")
    op.drop_index("ix_executions_tenant_queue", table_name="executions")
    op.drop_index("ix_executions_queue", table_name="executions")
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_column("fair_seq")
        batch_op.drop_column("priority")
