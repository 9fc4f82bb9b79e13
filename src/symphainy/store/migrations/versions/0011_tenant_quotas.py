"""tenant quotas: per-tenant overrides of the quota Settings and the storage each holds

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_quotas",
        sa.Column("tenant_id", sa.String(length=128), primary_key=True),
        sa.Column("max_queued", sa.BigInteger(), nullable=True),
        sa.Column("max_running", sa.BigInteger(), nullable=True),
        sa.Column("max_submits_per_minute", sa.BigInteger(), nullable=True),
        sa.Column("storage_bytes", sa.BigInteger(), nullable=True),
        sa.Column("reasoning_tokens_per_day", sa.BigInteger(), nullable=True),
        sa.Column("storage_used", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("minute_start", sa.Float(), nullable=True),
        sa.Column("minute_count", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.create_index("ix_executions_tenant_status", "executions", ["tenant_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_executions_tenant_status", table_name="executions")
    op.drop_table("tenant_quotas")
