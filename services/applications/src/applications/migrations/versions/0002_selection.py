"""Selection: where a programme with selection has got with each application (its stage,
scores, interview and result, as the selection service's events said)."""

from returners_platform.service.migrations import sql_revision

revision = "0002"
down_revision = "0001"

upgrade, downgrade = sql_revision(__file__)
