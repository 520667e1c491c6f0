"""Each applicant's selection result, kept to forward to the council that later offers them a
placement (councils subscribe to ``selection.decided`` for applicants placed with them)."""

from returners_platform.service.migrations import sql_revision

revision = "0003"
down_revision = "0002"

upgrade, downgrade = sql_revision(__file__)
