"""intent versions and retries: executions record their intent version and what they re-run

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        # Rows written before versions ran version 1, the version every registration defaults to.
        batch_op.add_column(
            sa.Column("intent_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("retry_of", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_executions_retry_of", ["retry_of"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_index("ix_executions_retry_of")
        batch_op.drop_column("retry_of")
        batch_op.drop_column("intent_version")
