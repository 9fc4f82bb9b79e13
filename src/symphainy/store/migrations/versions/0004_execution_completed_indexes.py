"""execution completed_at indexes: Control Tower metric windows read finished executions by time

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_executions_tenant_completed", ["tenant_id", "completed_at"], unique=False
        )
        batch_op.create_index("ix_executions_completed", ["completed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_index("ix_executions_completed")
        batch_op.drop_index("ix_executions_tenant_completed")
