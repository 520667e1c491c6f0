"""Programme outcomes: one row per placement (training events), derived from the facts."""

from returners_platform.service.migrations import sql_revision

revision = "0004"
down_revision = "0003"

upgrade, downgrade = sql_revision(__file__)
