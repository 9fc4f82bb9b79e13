"""reasoning usage: tokens spent per tenant on the reasoning provider

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reasoning_usage",
        sa.Column("usage_id", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("execution_id", sa.String(length=64), nullable=True),
        sa.Column("intent_type", sa.String(length=128), nullable=True),
        sa.Column("prompt_name", sa.String(length=128), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("total_tokens", sa.Integer(), nullable=False),
        sa.Column("reported", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("usage_id"),
    )
    with op.batch_alter_table("reasoning_usage", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reasoning_usage_tenant", ["tenant_id", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reasoning_usage", schema=None) as batch_op:
        batch_op.drop_index("ix_reasoning_usage_tenant")
    op.drop_table("reasoning_usage")
