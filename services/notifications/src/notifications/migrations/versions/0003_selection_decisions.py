"""Each applicant's selection result, kept to forward to the council that later offers them a
placement (councils subscribe to ``selection.decided`` for applicants placed with them).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE selection_decisions (
            application_id uuid PRIMARY KEY,
            event_id text NOT NULL,
            event_type text NOT NULL,
            correlation_id text NOT NULL,
            body text NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE selection_decisions")
