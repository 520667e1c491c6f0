"""Training: an accepted offer withdrawn because a condition was not met (its reason), and a
placement the returner left after it opened (when, and why)."""

from returners_platform.service.migrations import sql_revision

revision = "0003"
down_revision = "0002"

upgrade, downgrade = sql_revision(__file__)
