"""search attributes: typed key/values stored with an execution, indexed per type

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_attributes", sa.Text(), nullable=True))
    op.create_table(
        "execution_attributes",
        sa.Column("execution_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value_str", sa.String(length=256), nullable=True),
        sa.Column("value_int", sa.BigInteger(), nullable=True),
        sa.Column("value_num", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["execution_id"], ["executions.execution_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("execution_id", "key", name="pk_execution_attributes"),
    )
    with op.batch_alter_table("execution_attributes", schema=None) as batch_op:
        for kind in ("str", "int", "num"):
            batch_op.create_index(
                f"ix_execution_attributes_{kind}", ["tenant_id", "key", f"value_{kind}"]
            )


def downgrade() -> None:
    with op.batch_alter_table("execution_attributes", schema=None) as batch_op:
        for kind in ("str", "int", "num"):
            batch_op.drop_index(f"ix_execution_attributes_{kind}")
    op.drop_table("execution_attributes")
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_column("search_attributes")
