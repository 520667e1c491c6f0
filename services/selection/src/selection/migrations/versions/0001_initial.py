"""Programmes' selection rules, candidates, assessment results, interview slots and bookings,
assessors and their conflicts, panel scores (with the panel's feedback), messaging tables."""

from returners_platform.service.migrations import sql_revision

revision = "0001"
down_revision = None

upgrade, downgrade = sql_revision(__file__, messaging_tables=True)
