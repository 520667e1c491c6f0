"""The regulator's decision the returner reported with their restoration (restored, refused or
pending): a report may move it on, pending to decided and refused to restored."""

from returners_platform.service.migrations import sql_revision

revision = "0008"
down_revision = "0007"

upgrade, downgrade = sql_revision(__file__)
