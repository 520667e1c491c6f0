"""An index of failed attempts, newest first: the gauges read each channel's latest failure."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(__file__)
