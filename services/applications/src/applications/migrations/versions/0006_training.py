"""Training: the placement an accepted offer opened, as the training service's events told
it (conditions, start, hours so far, completion or withdrawal, re-registration), and the
restoration the returner reported."""

from returners_platform.service.migrations import sql_revision

revision = "0006"
down_revision = "0005"

upgrade, downgrade = sql_revision(__file__)
