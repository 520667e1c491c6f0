"""Selection's stages on each application's outcome (programmes with selection)."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(__file__)
