"""Selection: which applicants a programme with selection has selected (and their rank),
and who gave their place back."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(__file__)
