"""Selection's stages on each application's outcome (programmes with selection).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE application_outcomes
            ADD COLUMN invited boolean NOT NULL DEFAULT false,
            ADD COLUMN assessed boolean NOT NULL DEFAULT false,
            ADD COLUMN interviewed boolean NOT NULL DEFAULT false,
            ADD COLUMN selection text,
            ADD COLUMN selection_reasons text[] NOT NULL DEFAULT '{}';
        """
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE application_outcomes DROP COLUMN invited, DROP COLUMN assessed,"
        " DROP COLUMN interviewed, DROP COLUMN selection, DROP COLUMN selection_reasons"
    )
