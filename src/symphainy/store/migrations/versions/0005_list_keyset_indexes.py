"""list keyset indexes: executions, artifacts and pending intents page in (created_at, id) order

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_index("ix_executions_tenant")
        batch_op.create_index(
            "ix_executions_tenant", ["tenant_id", "created_at", "execution_id"], unique=False
        )
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_artifacts_tenant_created", ["tenant_id", "created_at", "artifact_id"], unique=False
        )
    with op.batch_alter_table("pending_intents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pending_tenant_created", ["tenant_id", "created_at", "intent_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_intents", schema=None) as batch_op:
        batch_op.drop_index("ix_pending_tenant_created")
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.drop_index("ix_artifacts_tenant_created")
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_index("ix_executions_tenant")
        batch_op.create_index("ix_executions_tenant", ["tenant_id", "created_at"], unique=False)
