"""signals: durable messages to executions, and the waits that park on them

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "execution_signals",
        sa.Column("signal_id", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("execution_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.String(length=128), nullable=True),
        sa.Column("sent_at", sa.Float(), nullable=False),
        sa.Column("consumed_by", sa.String(length=256), nullable=True),
        sa.Column("consumed_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("signal_id"),
        sa.UniqueConstraint("execution_id", "seq", name="uq_execution_signals_seq"),
    )
    with op.batch_alter_table("execution_signals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_execution_signals_name", ["execution_id", "name", "seq"], unique=False
        )
    op.create_table(
        "signal_waits",
        sa.Column("execution_id", sa.String(length=64), nullable=False),
        sa.Column("consumer", sa.String(length=256), nullable=False),
        sa.Column("tenant_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("deadline", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("execution_id", "consumer", name="pk_signal_waits"),
    )
    with op.batch_alter_table("signal_waits", schema=None) as batch_op:
        batch_op.create_index("ix_signal_waits_due", ["status", "deadline"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signal_waits", schema=None) as batch_op:
        batch_op.drop_index("ix_signal_waits_due")
    op.drop_table("signal_waits")
    with op.batch_alter_table("execution_signals", schema=None) as batch_op:
        batch_op.drop_index("ix_execution_signals_name")
    op.drop_table("execution_signals")
