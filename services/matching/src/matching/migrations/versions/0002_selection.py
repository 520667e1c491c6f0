"""Selection: which applicants a programme with selection has selected (and their rank),
and who gave their place back.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE applicants
            ADD COLUMN selection_rank integer,
            ADD COLUMN selected_at timestamptz,
            ADD COLUMN released_at timestamptz;
        """
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE applicants DROP COLUMN selection_rank, DROP COLUMN selected_at,"
        " DROP COLUMN released_at"
    )
