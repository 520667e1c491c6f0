"""Retention: each programme's retention periods (from ``programme.published``), by which
the panel's feedback on a candidate is erased once it has passed its date."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(__file__)
