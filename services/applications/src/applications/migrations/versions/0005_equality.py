"""Equality monitoring: the application's optional answers (career break, sex, age band,
ethnicity, disability), a table of their own, deleted on erasure and never published."""

from returners_platform.service.migrations import sql_revision

revision = "0005"
down_revision = "0004"

upgrade, downgrade = sql_revision(__file__)
