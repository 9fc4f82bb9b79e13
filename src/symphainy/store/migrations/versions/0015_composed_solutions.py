"""composed solutions: a tenant's own bundles of journeys and intents, one row per version

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "composed_solutions",
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("solution_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint(
            "tenant_id", "solution_id", "version", name="pk_composed_solutions"
        ),
    )


def downgrade() -> None:
    op.drop_table("composed_solutions")
