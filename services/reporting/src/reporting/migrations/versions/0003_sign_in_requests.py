"""Sign-in link requests (``sign_in_link.requested``): one row per request, its id and time."""

from returners_platform.service.migrations import sql_revision

revision = "0003"
down_revision = "0002"

upgrade, downgrade = sql_revision(__file__)
