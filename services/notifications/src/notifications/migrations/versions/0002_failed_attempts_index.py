"""An index of failed attempts, newest first: the gauges read each channel's latest failure."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(
    upgrade=(
        "CREATE INDEX delivery_attempts_failed ON delivery_attempts (started_at DESC)"
        " WHERE outcome = 'failed'"
    ),
    downgrade="DROP INDEX delivery_attempts_failed",
)
