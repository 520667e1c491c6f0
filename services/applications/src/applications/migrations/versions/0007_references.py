"""References: the applicant's two referees (personal data, erased with the applicant), each
reference's one-time link (its token kept hashed) and the referee's answer; and whether the
applicant had employment in the last three years (which kinds of referee they may give)."""

from returners_platform.service.migrations import sql_revision

revision = "0007"
down_revision = "0006"

upgrade, downgrade = sql_revision(__file__)
