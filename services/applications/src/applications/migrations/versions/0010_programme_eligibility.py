"""A programme's eligibility rules as data (``programme.published`` v3's, or social work's
seven for v1 and v2), kept beside its definition when it is published, so that a submission
reads them without reading the whole definition; null for a programme kept before (its
definition is read then)."""

from returners_platform.service.migrations import sql_revision

revision = "0010"
down_revision = "0009"

upgrade, downgrade = sql_revision(__file__)
