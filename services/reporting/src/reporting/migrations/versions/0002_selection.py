"""Selection's stages on each application's outcome (programmes with selection)."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(
    upgrade="""
        ALTER TABLE application_outcomes
            ADD COLUMN invited boolean NOT NULL DEFAULT false,
            ADD COLUMN assessed boolean NOT NULL DEFAULT false,
            ADD COLUMN interviewed boolean NOT NULL DEFAULT false,
            ADD COLUMN selection text,
            ADD COLUMN selection_reasons text[] NOT NULL DEFAULT '{}';
        """,
    downgrade=(
        "ALTER TABLE application_outcomes DROP COLUMN invited, DROP COLUMN assessed,"
        " DROP COLUMN interviewed, DROP COLUMN selection, DROP COLUMN selection_reasons"
    ),
)
