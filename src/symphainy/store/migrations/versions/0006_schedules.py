"""schedules: durable cron / interval / one-shot schedules, and their runs' link on executions

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("schedule_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(128), nullable=False),
        sa.Column("intent_type", sa.String(128), nullable=False),
        sa.Column("journey_id", sa.String(128)),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("cron", sa.String(256)),
        sa.Column("timezone", sa.String(64)),
        sa.Column("every_seconds", sa.Integer),
        sa.Column("at", sa.Float),
        sa.Column("session_id", sa.String(64)),
        sa.Column("user_id", sa.String(128)),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("overlap", sa.String(16), nullable=False),
        sa.Column("catchup", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("next_due", sa.Float),
        sa.Column("last_due", sa.Float),
        sa.Column("last_execution_id", sa.String(64)),
        sa.Column("buffered_due", sa.Float),
        sa.Column("last_error", sa.Text),
        sa.Column("lease_owner", sa.String(128)),
        sa.Column("lease_expires", sa.Float),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("ix_schedules_due", "schedules", ["status", "next_due"])
    op.create_index(
        "ix_schedules_tenant_created", "schedules", ["tenant_id", "created_at", "schedule_id"]
    )
    op.create_index(
        "ix_schedules_buffered",
        "schedules",
        ["buffered_due"],
        sqlite_where=sa.text("buffered_due IS NOT NULL"),
        postgresql_where=sa.text("buffered_due IS NOT NULL"),
    )
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("schedule_id", sa.String(64)))
        batch_op.add_column(sa.Column("schedule_due", sa.Float))
    op.create_index(
        "ix_executions_schedule",
        "executions",
        ["schedule_id", "status"],
        sqlite_where=sa.text("schedule_id IS NOT NULL"),
        postgresql_where=sa.text("schedule_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_executions_schedule", table_name="executions")
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_column("schedule_due")
        batch_op.drop_column("schedule_id")
    op.drop_index("ix_schedules_buffered", table_name="schedules")
    op.drop_index("ix_schedules_tenant_created", table_name="schedules")
    op.drop_index("ix_schedules_due", table_name="schedules")
    op.drop_table("schedules")
