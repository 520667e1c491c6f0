"""Programmes' retention periods, offers' terms, placements with their conditions, hours
entries (corrections supersede, never overwrite), training providers' keys, messaging tables."""

from returners_platform.service.migrations import sql_revision

revision = "0001"
down_revision = None

upgrade, downgrade = sql_revision(__file__, messaging_tables=True)
