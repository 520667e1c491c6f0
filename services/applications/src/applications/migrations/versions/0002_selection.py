"""Selection: where a programme with selection has got with each application (its stage,
scores, interview and result, as the selection service's events said).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.execute("ALTER TABLE applications ADD COLUMN selection jsonb")


def downgrade() -> None:
    op.execute("ALTER TABLE applications DROP COLUMN selection")
