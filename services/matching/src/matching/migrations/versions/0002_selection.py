"""Selection: which applicants a programme with selection has selected (and their rank),
and who gave their place back."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(
    upgrade="""
        ALTER TABLE applicants
            ADD COLUMN selection_rank integer,
            ADD COLUMN selected_at timestamptz,
            ADD COLUMN released_at timestamptz;
        """,
    downgrade=(
        "ALTER TABLE applicants DROP COLUMN selection_rank, DROP COLUMN selected_at,"
        " DROP COLUMN released_at"
    ),
)
