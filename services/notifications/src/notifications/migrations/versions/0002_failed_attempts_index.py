"""An index of failed attempts, newest first: the gauges read each channel's latest failure.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.execute(
        "CREATE INDEX delivery_attempts_failed ON delivery_attempts (started_at DESC)"
        " WHERE outcome = 'failed'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX delivery_attempts_failed")
