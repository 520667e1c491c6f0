"""A referee's relationship to the applicant is now employer, professional or character (kept
in ``kind``, as the event's ``referee_kind``); the free-text description is no longer asked
(kept, renamed, for referees given before) and the organisation may be left out."""

from returners_platform.service.migrations import sql_revision

revision = "0009"
down_revision = "0008"

upgrade, downgrade = sql_revision(__file__)
