"""retention: per-tenant policies, legal holds, and the signed anchors of compacted WAL chains

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_policies",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("execution_days", sa.Integer(), nullable=True),
        sa.Column("artifact_days", sa.Integer(), nullable=True),
        sa.Column("wal_days", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(length=128), nullable=True),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    op.create_table(
        "legal_holds",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(length=128), nullable=True),
        sa.Column("placed_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "kind", "target_id", name="pk_legal_holds"),
    )
    op.create_table(
        "wal_anchors",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("checkpoint", sa.Text(), nullable=False),
        sa.Column("compacted_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )


def downgrade() -> None:
    op.drop_table("wal_anchors")
    op.drop_table("legal_holds")
    op.drop_table("retention_policies")
