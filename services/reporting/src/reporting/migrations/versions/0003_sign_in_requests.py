"""Sign-in link requests (``sign_in_link.requested``): one row per request, its id and time.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE sign_in_requests (
            sign_in_request_id uuid PRIMARY KEY,
            requested_at timestamptz NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE sign_in_requests")
