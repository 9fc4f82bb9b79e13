"""trace context: executions keep the W3C trace context they were submitted under

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        # Null when tracing was off at submit: the worker then starts no trace of its own.
        batch_op.add_column(sa.Column("traceparent", sa.String(length=55), nullable=True))
        batch_op.add_column(sa.Column("tracestate", sa.String(length=512), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("executions", schema=None) as batch_op:
        batch_op.drop_column("tracestate")
        batch_op.drop_column("traceparent")
