"""The eligibility rules a programme applies (their reason codes), so that its funnel names
its own rules: social work's seven, or another profession's."""

from returners_platform.service.migrations import sql_revision

revision = "0005"
down_revision = "0004"

upgrade, downgrade = sql_revision(__file__)
